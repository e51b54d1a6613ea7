// The push device: enrollments, login requests and the user's answers.
import type { IpcOutcome } from './common';

export interface PushDeviceView {
  enrollmentId: string;
  userId: string;
  issuer: string;
  name: string;
  /** Where the device's stream goes, e.g. `http://127.0.0.1:3000/appliance-mfa/`. */
  baseUrl: string;
  enrolledAt: string;
  connection: 'connecting' | 'open' | 'retrying' | 'closed';
}

/** A login waiting for this device, with who is asking (what Auth0's Guardian does not show). */
export interface PushRequestView {
  transactionId: string;
  enrollmentId: string;
  issuer: string;
  userId: string;
  /** Who signs in, as the enrollment's QR code named them (an email or name); null when it did not. */
  accountLabel: string | null;
  clientName: string | null;
  ip: string | null;
  userAgent: string | null;
  requestedAt: string | null;
  /** Three 2-digit numbers to choose from, one shown on the login screen; null without number matching. */
  numberChoices: string[] | null;
  receivedAt: string;
  /** When the request lapses unanswered (for the card's countdown). */
  expiresAt: string;
}

/** Where push:enrollQr reads the push enrollment QR code; main decodes it, the page never sees its text. */
export const PushQrSourceKind = {
  /** PNG or JPEG bytes of a file the user picked. */
  image: 'image',
  clipboard: 'clipboard',
  /** Every display, captured in main. */
  screen: 'screen',
  /** An area the user drags on an overlay over each display (as vault:addQrRegion). */
  region: 'region',
} as const;
export type PushQrSourceKind = (typeof PushQrSourceKind)[keyof typeof PushQrSourceKind];
export type PushQrSource =
  | { kind: typeof PushQrSourceKind.image; bytes: Uint8Array }
  | { kind: Exclude<PushQrSourceKind, typeof PushQrSourceKind.image> };

export const PushDecision = { approve: 'approve', deny: 'deny', notMe: 'not_me' } as const;
export type PushDecision = (typeof PushDecision)[keyof typeof PushDecision];

export interface PushChannels {
  'push:devices': { args: []; result: IpcOutcome<PushDeviceView[]> };
  'push:enroll': { args: [barcodeUri: string, name: string]; result: IpcOutcome<PushDeviceView> };
  /**
   * Enrolls as push:enroll does with the push enrollment QR code found in `source`, decoded in main (it
   * carries an enrollment transaction or ticket); null when the user cancelled a screen-area selection.
   */
  'push:enrollQr': { args: [source: PushQrSource, name: string]; result: IpcOutcome<PushDeviceView | null> };
  'push:remove': { args: [enrollmentId: string]; result: IpcOutcome<null> };
  'push:pending': { args: []; result: IpcOutcome<PushRequestView[]> };
  /** `number` is the user's pick of the three (required when numberChoices is not null). */
  'push:resolve': { args: [transactionId: string, decision: PushDecision, number: string | null]; result: IpcOutcome<null> };
}

export const pushMethods = {
  pushDevices: 'push:devices',
  enrollPush: 'push:enroll',
  enrollPushQr: 'push:enrollQr',
  removePush: 'push:remove',
  pendingPush: 'push:pending',
  resolvePush: 'push:resolve',
} as const satisfies Record<string, keyof PushChannels>;
