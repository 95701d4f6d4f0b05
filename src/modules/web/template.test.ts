import { describe, expect, it } from '@jest/globals';
import { escapeHtml, join, render, SafeHtml } from './template.js';

describe('template helper', () => {
  it('escapes every value that is not SafeHtml', () => {
    const out = render('<p title="{{t}}">{{body}}</p>', { t: `"><script>x</script>`, body: `<b>&'\`</b>` });
    expect(out.html).toBe('<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&lt;b&gt;&amp;&#39;&#96;&lt;/b&gt;</p>');
  });

  it('inserts rendered fragments as they are, so nesting does not double-escape', () => {
    const inner = render('<li>{{x}}</li>', { x: 'a<b' });
    expect(render('<ul>{{items}}</ul>', { items: join([inner, inner]) }).html).toBe('<ul><li>a&lt;b</li><li>a&lt;b</li></ul>');
  });

  it('renders numbers, and null or undefined as nothing', () => {
    expect(render('{{a}}|{{b}}|{{c}}', { a: 20, b: null, c: undefined }).html).toBe('20||');
  });

  it('refuses a template whose value is missing', () => {
    expect(() => render('{{missing}}', {})).toThrow('template value "missing" is missing');
  });

  it('has no way to insert a raw string: triple braces still escape', () => {
    expect(render('{{{x}}}', { x: '<i>' }).html).toBe('{&lt;i&gt;}');
    expect(new SafeHtml('<i>').toString()).toBe('<i>');
    expect(escapeHtml('<>')).toBe('&lt;&gt;');
  });
});
