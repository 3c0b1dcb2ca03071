import { MASKED_SECRET } from '../../../contract/net-policy.ts';

/** `text` with every one of the secret `values` in it masked: a library's words may echo one. */
export const withoutSecrets = (text: string, values: readonly (string | undefined)[]): string =>
  values.reduce<string>(
    (masked, value) => (value ? masked.replaceAll(value, MASKED_SECRET) : masked),
    text,
  );
