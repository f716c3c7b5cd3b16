// A Markdown reference page from a schema's doc comments (QEMU renders them with Sphinx, in
// docs/sphinx/qapidoc.py): free-form blocks give headings and text, and each definition gets its
// members/arguments, features, Returns, Since, notes and examples, in source order.
import type { DocSection, QAPIDoc } from './doc.js';
import {
  type QAPISchema,
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaCommand,
  type QAPISchemaEntity,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  type QAPISchemaFeature,
  type QAPISchemaMember,
  QAPISchemaObjectType,
  type QAPISchemaObjectTypeMember,
  type QAPISchemaType,
} from './schema.js';

export interface MarkdownOptions {
  /** Page title (a level-1 heading); omitted when not given. */
  title?: string;
  /** Text under the title. */
  intro?: string;
}

const KIND: Record<string, string> = {
  command: 'Command',
  event: 'Event',
  enum: 'Enum',
  struct: 'Object',
  union: 'Object',
  alternate: 'Alternate',
};

/** Render the schema's documentation as one Markdown page. */
export function generateMarkdown(schema: QAPISchema, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  if (options.title) out.push(`# ${options.title}`, '');
  if (options.intro) out.push(options.intro.trim(), '');
  let level = 1;
  for (const doc of schema.docs) {
    if (doc.symbol === null) {
      level = freeForm(doc, out, level);
      continue;
    }
    const ent = schema.lookupEntity(doc.symbol);
    // Absent when its condition is false in a schema loaded with -D symbols.
    if (!ent || ent.doc !== doc) continue;
    definition(ent, doc, out, Math.min(level + 1, 6));
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function freeForm(doc: QAPIDoc, out: string[], level: number): number {
  const lines = doc.body.text.split('\n');
  const m = /^(=+) (.*)$/.exec(lines[0] ?? '');
  if (m) {
    level = Math.min(m[1].length + 1, 5);
    out.push(`${'#'.repeat(level)} ${m[2].trim()}`, '');
    lines.shift();
  }
  const text = lines.join('\n').trim();
  if (text) out.push(rst(text), '');
  return level;
}

function definition(ent: QAPISchemaEntity, doc: QAPIDoc, out: string[], level: number): void {
  out.push(`${'#'.repeat(level)} \`${ent.name}\` (${KIND[ent.meta] ?? ent.meta})`, '');
  if (ent.ifcond.isPresent()) out.push(`*If:* \`${ent.ifcond.docgen()}\``, '');
  const body = doc.body.text.trim();
  if (body) out.push(rst(body), '');

  if (ent instanceof QAPISchemaCommand || ent instanceof QAPISchemaEvent) {
    const arg = ent.argType;
    if (arg && !ent.boxed && arg.isImplicit()) membersList('Arguments', arg.members, out);
    else if (arg) out.push('**Arguments**', '', `The members of ${typeRef(arg)}.`, '');
    if (ent instanceof QAPISchemaCommand) {
      const flags = [
        ent.allowOob && 'allow-oob',
        ent.allowPreconfig && 'allow-preconfig',
        !ent.successResponse && 'no success response',
        ent.coroutine && 'coroutine',
      ].filter(Boolean);
      if (flags.length) out.push(`*Flags:* ${flags.join(', ')}`, '');
      const returns = doc.sections.find((x) => x.name === 'Returns')?.text.trim();
      if (ent.retType) {
        if (returns && /^[-*] /.test(returns)) {
          out.push(`**Returns:** ${typeRef(ent.retType)}`, '', rst(returns), '');
        } else {
          const text = returns ? ` — ${indentRest(rst(returns), '')}` : '';
          out.push(`**Returns:** ${typeRef(ent.retType)}${text}`, '');
        }
      }
    }
  } else if (ent instanceof QAPISchemaEnumType) {
    out.push('**Values**', '');
    for (const m of ent.members) out.push(item(m, `\`${m.name}\``));
    out.push('');
  } else if (ent instanceof QAPISchemaObjectType) {
    const local = ent.base?.isImplicit() ? ent.members : ent.localMembers;
    membersList('Members', local, out, ent.base && !ent.base.isImplicit() ? ent.base : null);
    if (ent.variants) {
      const tag = ent.variants.tagMember.name;
      for (const v of ent.variants.variants) {
        if (v.type.name === 'q_empty') continue;
        const cond = v.ifcond.isPresent() ? ` (if \`${v.ifcond.docgen()}\`)` : '';
        out.push(`- When \`${tag}\` is \`${v.name}\`: the members of ${typeRef(v.type)}${cond}`);
      }
      out.push('');
    }
  } else if (ent instanceof QAPISchemaAlternateType) {
    out.push('**Members**', '');
    for (const v of ent.variants.variants) out.push(item(v, `\`${v.name}\`: ${typeRef(v.type)}`));
    out.push('');
  }

  if (ent.features.length) {
    out.push('**Features**', '');
    for (const f of ent.features) out.push(featureItem(f));
    out.push('');
  }
  for (const s of doc.sections) {
    if (!(s.name === 'Returns' && ent instanceof QAPISchemaCommand && ent.retType)) section(s, out);
  }
}

function membersList(
  title: string,
  members: QAPISchemaObjectTypeMember[],
  out: string[],
  base: QAPISchemaType | null = null,
): void {
  if (!members.length && !base) return;
  out.push(`**${title}**`, '');
  for (const m of members) {
    const opt = m.optional ? ' (optional)' : '';
    out.push(item(m, `\`${m.name}\`: ${typeRef(m.type)}${opt}`));
    for (const f of m.features) out.push(`  ${featureItem(f)}`);
  }
  if (base) out.push(`- The members of ${typeRef(base)}.`);
  out.push('');
}

function item(m: QAPISchemaMember, head: string): string {
  const text = m.docSection?.text.trim();
  const cond = m.ifcond.isPresent() ? ` *(If: \`${m.ifcond.docgen()}\`)*` : '';
  return `- ${head}${cond}${text ? ` — ${indentRest(rst(text))}` : ''}`;
}

function featureItem(f: QAPISchemaFeature): string {
  const text = f.docSection?.text.trim();
  return `- \`${f.name}\`${text ? ` — ${indentRest(rst(text))}` : ''}`;
}

function section(s: DocSection, out: string[]): void {
  const text = s.text.trim();
  if (!text) return;
  if (s.name === 'Example' || s.name === 'Examples') {
    out.push(`**${s.name}**`, '', '```', text.replace(/```/g, '`\u200b``'), '```', '');
  } else if (s.name && /^([-*]|\d+\.) /.test(text)) {
    out.push(`**${s.name}:**`, '', rst(text), '');
  } else if (s.name) {
    out.push(`**${s.name}:** ${indentRest(rst(text), '')}`, '');
  } else {
    out.push(rst(text), '');
  }
}

/** Type names link to their definitions on the same page; arrays show as [T]. */
function typeRef(t: QAPISchemaType): string {
  if (t instanceof QAPISchemaArrayType) return `[${typeRef(t.elementType)}]`;
  if (t.isImplicit() || !t.info) return `\`${t.name}\``;
  return `[\`${t.name}\`](#${anchor(t)})`;
}

/** The anchor GitHub-style Markdown renderers give a definition heading. */
function anchor(t: QAPISchemaEntity): string {
  return `${t.name} ${KIND[t.meta] ?? t.meta}`
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/** Continuation lines of a list item or tagged section: outside code fences, one uniform indent. */
function indentRest(text: string, pad = '  '): string {
  let fenced = false;
  return text
    .split('\n')
    .map((l, i) => {
      if (l.startsWith('```')) fenced = !fenced;
      if (i === 0) return l;
      return pad + (fenced || l.startsWith('```') ? l : l.trimStart());
    })
    .join('\n');
}

/** The rST in doc text, as Markdown: ``literal``, @name references, and '::' literal blocks. */
function rst(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/::\s*$/.test(line)) {
      const lead = line.replace(/\s*::\s*$/, '');
      if (lead.trim()) out.push(`${inline(lead)}:`);
      const block: string[] = [];
      let j = i + 1;
      while (j < lines.length && (lines[j].trim() === '' || /^\s/.test(lines[j]))) block.push(lines[j++]);
      while (block.length && block[block.length - 1].trim() === '') block.pop();
      while (block.length && block[0].trim() === '') block.shift();
      const ind = Math.min(...block.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
      out.push('', '```', ...block.map((l) => l.slice(ind)), '```', '');
      i = j - 1;
      continue;
    }
    // An indented rST paragraph is a block quote, not code: dedent it so Markdown keeps it as text.
    const startsParagraph = i === 0 || lines[i - 1].trim() === '';
    const indent = /^ */.exec(line)![0].length;
    if (startsParagraph && indent >= 4) {
      let j = i;
      while (j < lines.length && lines[j].trim() !== '') {
        const l = lines[j];
        out.push(inline(l.slice(Math.min(indent, /^ */.exec(l)![0].length))));
        j++;
      }
      i = j - 1;
      continue;
    }
    out.push(inline(line));
  }
  return out.join('\n');
}

function inline(s: string): string {
  return s.replace(/``([^`]+)``/g, '`$1`').replace(/(^|[^\w`@])@([A-Za-z_](?:[\w.-]*\w)?)/g, '$1`$2`');
}
