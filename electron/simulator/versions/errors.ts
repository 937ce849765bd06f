// A REST error as Flink sends it: an HTTP status and `{"errors": [message]}`.
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new RestError(404, message);
