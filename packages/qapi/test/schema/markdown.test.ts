import { describe, expect, it } from 'vitest';
import { generateMarkdown } from '../../src/index.js';
import { loadSrc } from './helpers.js';

const SRC = `##
# = Drawing
#
# Commands that draw, see \`\`draw\`\`.
##

##
# @Point:
#
# A point.
#
# @x: horizontal
#
# @y: vertical, see @x
#
# Since: 1.0
##
{ 'struct': 'Point', 'data': { 'x': 'int', '*y': 'int' } }

##
# @draw:
#
# Draw points.
#
# @points: where
#
# Features:
# @unstable: experimental
#
# Returns: how many were drawn
#
# Since: 2.0
#
# Example:
#
# -> { "execute": "draw", "arguments": { "points": [] } }
# <- { "return": 0 }
##
{ 'command': 'draw', 'data': { 'points': [ 'Point' ] }, 'returns': 'DrawResult',
  'features': [ 'unstable' ] }

##
# @DrawResult:
#
# @count: number drawn
##
{ 'struct': 'DrawResult', 'data': { 'count': 'int' } }

##
# @erase:
#
# Erase everything.
##
{ 'command': 'erase', 'if': 'CONFIG_ERASE' }
`;

describe('Markdown reference', () => {
  const md = generateMarkdown(loadSrc(SRC), { title: 'Drawing reference' });

  it('renders headings, definitions, members, features and sections', () => {
    expect(md).toContain('# Drawing reference\n\n## Drawing\n\nCommands that draw, see `draw`.');
    expect(md).toContain('### `Point` (Object)\n\nA point.\n\n**Members**\n\n- `x`: `int` — horizontal');
    expect(md).toContain('- `y`: `int` (optional) — vertical, see `x`');
    expect(md).toContain('**Since:** 1.0');
    expect(md).toContain('### `draw` (Command)');
    expect(md).toContain('**Arguments**\n\n- `points`: [[`Point`](#point-object)] — where');
    expect(md).toContain('**Returns:** [`DrawResult`](#drawresult-object) — how many were drawn');
    expect(md).toContain('**Features**\n\n- `unstable` — experimental');
    expect(md).toContain(
      '**Example**\n\n```\n-> { "execute": "draw", "arguments": { "points": [] } }\n<- { "return": 0 }\n```',
    );
    expect(md).toContain('### `erase` (Command)\n\n*If:* `CONFIG_ERASE`');
  });

  it('leaves out what a schema loaded with symbols does not have', () => {
    const pruned = generateMarkdown(loadSrc(SRC, { defined: [] }));
    expect(pruned).toContain('`draw` (Command)');
    expect(pruned).not.toContain('`erase`');
  });
});
