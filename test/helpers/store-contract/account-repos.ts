import type { OpenEmptyStore } from './fresh-store.js';
import { describeAuthenticatorRepo } from './authenticators.js';
import { describeClientRepo } from './clients.js';
import { describeMfaTransactionListing } from './mfa-transaction-listing.js';
import { describeRateBucketRepo } from './rate-buckets.js';
import { describeRefreshTokenRepo } from './refresh-tokens.js';
import { describeTenantRepo } from './tenant.js';
import { describeUserImportRepo } from './user-import.js';
import { describeUserRepo } from './users.js';

/** Every account-side repository contract (issue 12, half A), for one engine. */
export function describeAccountRepos(engine: string, open: OpenEmptyStore): void {
  describeTenantRepo(engine, open);
  describeClientRepo(engine, open);
  describeUserRepo(engine, open);
  describeUserImportRepo(engine, open);
  describeAuthenticatorRepo(engine, open);
  describeRefreshTokenRepo(engine, open);
  describeMfaTransactionListing(engine, open);
  describeRateBucketRepo(engine, open);
}
