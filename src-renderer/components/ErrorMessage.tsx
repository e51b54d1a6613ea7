// An error interrupts (role alert); a success waits its turn (role status).
const ROLE = { error: 'alert', notice: 'status' } as const;

function Message({ message, tone }: { message: string | null; tone: keyof typeof ROLE }) {
  if (message === null) return null;
  return (
    <p className={tone} role={ROLE[tone]}>
      {message}
    </p>
  );
}

/** A failed call's message, announced to screen readers as it appears. */
export const ErrorMessage = ({ message }: { message: string | null }) => <Message message={message} tone="error" />;

/** A success message, announced politely. */
export const Notice = ({ message }: { message: string | null }) => <Message message={message} tone="notice" />;
