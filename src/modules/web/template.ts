import { readFileSync } from 'node:fs';
import { projectPath } from '../../platform/paths.js';

/**
 * A tiny escaping template helper for the server-rendered pages in templates/pages/.
 *
 * `{{name}}` inserts a value. Strings and numbers are always HTML-escaped; only a {@link SafeHtml}
 * (which only {@link render} and {@link join} produce) goes in as it is. There is deliberately no
 * "raw" syntax: a template cannot opt out of escaping.
 */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type TemplateValue = string | number | SafeHtml | null | undefined;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function toHtml(value: TemplateValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.html;
  return escapeHtml(String(value));
}

/** Fills `{{name}}` placeholders; a placeholder without a value is an error, not an empty string. */
export function render(template: string, values: Record<string, TemplateValue>): SafeHtml {
  return new SafeHtml(
    template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => {
      if (!(name in values)) throw new Error(`template value "${name}" is missing`);
      return toHtml(values[name]);
    }),
  );
}

export function join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => p.html).join(separator));
}

/** Templates are read once per process from templates/pages/<name>.html. */
export class Templates {
  private readonly cache = new Map<string, string>();

  get(name: string): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      text = readFileSync(projectPath('templates', 'pages', `${name}.html`), 'utf8');
      this.cache.set(name, text);
    }
    return text;
  }

  render(name: string, values: Record<string, TemplateValue>): SafeHtml {
    return render(this.get(name), values);
  }
}
