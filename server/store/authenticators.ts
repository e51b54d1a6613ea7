
/** Authenticator kinds as stored; their id prefix is the kind (`totp|dev_…`, `recovery-code|dev_…`). */
export const AUTHENTICATOR_KINDS = ['totp', 'recovery-code', 'push', 'sms', 'voice', 'email'] as const;
export type AuthenticatorKind = (typeof AUTHENTICATOR_KINDS)[number];

export interface AuthenticatorRow {
  id: string;
  user_id: string;
  kind: AuthenticatorKind;
  link_id: string;
  name: string | null;
  secret_enc: string | null;
  code_digest: string | null;
  active: boolean;
  last_used_step: number | null;
  created_at: number;
  confirmed_at: number | null;
  last_auth_at: number | null;
  phone_number: string | null;
  email: string | null;
  preferred_method: string | null;
}

/** What an insert needs: the contact details only apply to phone and email methods. */
export type NewAuthenticator = Omit<AuthenticatorRow, 'phone_number' | 'email' | 'preferred_method'> &
  Partial<Pick<AuthenticatorRow, 'phone_number' | 'email' | 'preferred_method'>>;

export interface AuthenticatorRepo {
  find(id: string): Promise<AuthenticatorRow | undefined>;
  findByLink(linkId: string): Promise<AuthenticatorRow | undefined>;
  forUser(userId: string): Promise<AuthenticatorRow[]>;
  /**
   * Which of `userIds` have an active authenticator other than a recovery code (a user object's
   * `multifactor`), in one statement: a page of users costs one read, not one per user.
   */
  withActiveFactor(userIds: string[]): Promise<Set<string>>;
  insert(row: NewAuthenticator): Promise<void>;
  update(id: string, fields: { name?: string | null; preferred_method?: string | null }): Promise<void>;
  activate(id: string, now: number): Promise<boolean>;
  /** Records a used TOTP step; false when that step (or a later one) was already used: a replay. */
  consumeStep(id: string, step: number, now: number): Promise<boolean>;
  /** Swaps a recovery code digest; false when the expected digest is no longer current (already used). */
  replaceCode(id: string, expectedDigest: string, nextDigest: string, now: number): Promise<boolean>;
  /**
   * Records a login with this authenticator where no step or code of its own changes (an SMS, voice or
   * email code, a push approval); false when there is no such row (a verified email's implicit one).
   */
  recordAuth(id: string, now: number): Promise<boolean>;
  removeLinked(linkId: string, userId: string): Promise<number>;
  removeInactive(userId: string, kind: AuthenticatorKind): Promise<number>;
  removeAllForUser(userId: string): Promise<number>;
}
