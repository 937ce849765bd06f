// An error as one line for a person: the message of an Error, else the value in words.
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
