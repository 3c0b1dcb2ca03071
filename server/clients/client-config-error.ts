/**
 * `client_config_refused`: the config file cannot be merged safely (comments, invalid JSON, too
 * large, unreadable); `client_not_installed`: there is no client to connect; `client_config_changed`:
 * another program wrote the file while MCP Isolate merged it.
 */
export type ClientConfigErrorCode =
  | 'client_config_refused'
  | 'client_not_installed'
  | 'client_config_changed';

/** A change to a client's config file that was refused, with what to do, and nothing written. */
export class ClientConfigError extends Error {
  override name = 'ClientConfigError';
  readonly code: ClientConfigErrorCode;
  constructor(code: ClientConfigErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
