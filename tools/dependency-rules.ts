// The package dependency graph of DEVELOPERS.md, and a checker for a workspace against it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Which workspace packages each package may depend on (DEVELOPERS.md, "The product"). */
export const allowedDependencies: Readonly<Record<string, readonly string[]>> = {
  qobject: [],
  qapi: ['qobject'],
  qemuopts: ['qobject', 'qapi'],
  qom: ['qobject', 'qapi'],
  qdev: ['qom', 'qapi', 'qobject'],
  memory: ['qom', 'qapi', 'qobject'],
  chardev: ['qom', 'qapi', 'qobject'],
  qmp: ['qapi', 'qobject', 'chardev', 'qom'],
  tcg: ['memory'],
  'target-i386': ['tcg', 'qdev', 'memory'],
  'hw-pc': ['qdev', 'memory', 'chardev', 'target-i386'],
  accel: ['qom', 'tcg', 'qdev'],
};

export interface WorkspacePackage {
  /** Directory relative to the workspace root, e.g. `packages/qobject`. */
  dir: string;
  /** Short name: the directory's basename. */
  short: string;
  name: string;
  isApp: boolean;
  declared: string[];
  exportPaths: string[];
  /** Source files (relative to the package dir) with their text. */
  files: { path: string; text: string }[];
}

export interface Violation {
  pkg: string;
  message: string;
}

const SOURCE = /\.(ts|mts|cts|js|mjs)$/;
const IGNORED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'generated-test', '.gen-test', 'site']);

function walk(dir: string, base: string, out: { path: string; text: string }[]): void {
  for (const entry of readdirSync(dir)) {
    if (IGNORED_DIRS.has(entry) || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts'))
      out.push({ path: relative(base, full), text: readFileSync(full, 'utf8') });
  }
}

export function readWorkspace(root: string): WorkspacePackage[] {
  const pkgs: WorkspacePackage[] = [];
  for (const top of ['packages', 'apps']) {
    const topDir = join(root, top);
    if (!existsSync(topDir)) continue;
    for (const short of readdirSync(topDir).sort()) {
      const dir = join(topDir, short);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const files: { path: string; text: string }[] = [];
      walk(dir, dir, files);
      pkgs.push({
        dir: `${top}/${short}`,
        short,
        name: manifest.name,
        isApp: top === 'apps',
        declared: Object.keys({
          ...manifest.dependencies,
          ...manifest.devDependencies,
          ...manifest.peerDependencies,
        }),
        exportPaths: Object.keys(manifest.exports ?? { '.': null }),
        files,
      });
    }
  }
  return pkgs;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

export function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(IMPORT)) specs.push(m[2]!);
  return specs;
}

export function checkWorkspace(pkgs: WorkspacePackage[]): Violation[] {
  const violations: Violation[] = [];
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  for (const pkg of pkgs) {
    const workspaceDeps = pkg.declared.filter((d) => byName.has(d));
    // Declared dependencies must be allowed by the table (apps may use any package, but no other app).
    for (const dep of workspaceDeps) {
      const target = byName.get(dep)!;
      if (pkg.isApp) {
        if (target.isApp) violations.push({ pkg: pkg.name, message: `an app may not depend on app ${dep}` });
      } else if (target.isApp) {
        violations.push({ pkg: pkg.name, message: `a package may not depend on app ${dep}` });
      } else {
        const allowed = allowedDependencies[pkg.short];
        if (!allowed)
          violations.push({ pkg: pkg.name, message: `${pkg.short} is not in the dependency table` });
        else if (!allowed.includes(target.short))
          violations.push({
            pkg: pkg.name,
            message: `may not depend on ${dep} (allowed: ${allowed.join(', ') || 'none'})`,
          });
      }
    }
    for (const file of pkg.files) {
      for (const spec of importsOf(file.text)) {
        const where = `${pkg.dir}/${file.path}`;
        if (spec.startsWith('.')) {
          const target = resolve('/', pkg.dir, file.path, '..', spec);
          const pkgRoot = resolve('/', pkg.dir) + sep;
          if (!target.startsWith(pkgRoot))
            violations.push({ pkg: pkg.name, message: `${where} imports '${spec}', outside its package` });
          continue;
        }
        const m = /^(@tsemu\/[^/]+)(\/.*)?$/.exec(spec);
        if (!m) continue;
        const [, depName, subpath] = m;
        const dep = byName.get(depName!);
        if (depName === pkg.name) {
          violations.push({
            pkg: pkg.name,
            message: `${where} imports its own package '${spec}'; use a relative import`,
          });
          continue;
        }
        if (!pkg.declared.includes(depName!))
          violations.push({
            pkg: pkg.name,
            message: `${where} imports '${spec}' but ${depName} is not declared in package.json`,
          });
        if (!dep) continue;
        const exportKey = subpath ? `.${subpath}` : '.';
        if (subpath?.startsWith('/src/') || !dep.exportPaths.includes(exportKey))
          violations.push({
            pkg: pkg.name,
            message: `${where} imports '${spec}', which is not an export of ${depName}`,
          });
      }
    }
  }
  // Cycles over declared workspace dependencies.
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      violations.push({ pkg: name, message: `dependency cycle: ${cycle.join(' -> ')}` });
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of byName.get(name)!.declared) if (byName.has(dep)) visit(dep);
    stack.pop();
    state.set(name, 'done');
  };
  for (const p of pkgs) visit(p.name);
  return violations;
}
