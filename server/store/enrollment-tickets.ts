
export interface TicketRow {
  ticket_digest: string;
  user_id: string;
  factor: string | null;
  allow_multiple: boolean;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface EnrollmentSessionRow {
  session_digest: string;
  user_id: string;
  csrf_token: string;
  authenticator_id: string | null;
  recovery_code_enc: string | null;
  created_at: number;
  expires_at: number;
  completed_at: number | null;
}

export interface TicketRepo {
  insert(row: TicketRow): Promise<void>;
  find(digest: string): Promise<TicketRow | undefined>;
  remove(digest: string): Promise<void>;
  /** Spends a ticket; false when it was already spent (single use). */
  consume(digest: string, now: number): Promise<boolean>;
  insertSession(row: EnrollmentSessionRow): Promise<void>;
  findSession(digest: string): Promise<EnrollmentSessionRow | undefined>;
  /** Marks the session done and forgets the recovery code it was holding for display. */
  completeSession(digest: string, now: number): Promise<boolean>;
}
