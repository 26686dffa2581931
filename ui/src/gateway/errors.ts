import type { ClientErrorCode, ErrorCode, ErrorShape } from './protocol.js';

/** A failed request: either the gateway's error reply or a client-side timeout/disconnect. */
export class GatewayError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode | ClientErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.details = details ?? {};
  }

  static fromShape(shape: ErrorShape): GatewayError {
    return new GatewayError(shape.code, shape.message, shape.details);
  }

  /** The `details.field` of an INVALID_REQUEST, when the gateway names one. */
  get field(): string | undefined {
    const field = this.details['field'];
    return typeof field === 'string' ? field : undefined;
  }
}

export function isGatewayError(err: unknown, code?: GatewayError['code']): err is GatewayError {
  return err instanceof GatewayError && (code === undefined || err.code === code);
}

/** A message fit for a toast, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
