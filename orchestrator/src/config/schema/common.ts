/** Pieces shared by the three file formats' schemas. */

/** A k6 duration: `500ms`, `30s`, `2m`, `1m30s`, `1h`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

/** `${NAME}` or `${NAME:-default}`: the only way a secret may appear in a file. */
export const ENV_REF_PATTERN = '^\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\\}$';

/** The `yaml-language-server` comment every configuration file starts with, so editors validate as you type. */
export const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=(\S+)/;
