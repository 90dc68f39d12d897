#!/usr/bin/env node
// Packages the extension as a .vsix (vsce, offline, `.vscodeignore` decides what goes in) and
// unpacks it into a fresh folder, so the end-to-end tests run against the packaged contents, not
// the sources:
//
//   node scripts/package-vsix.mjs [--build] [--out kube-label-lint.vsix] [--dir .tmp/vsix] [--no-unpack] [--node-unzip]
//
//   --build       run `npm run build` first (else client/out and server/out must already exist)
//   --out         the .vsix to write (default kube-label-lint.vsix at the repository root)
//   --dir         where to unpack it; emptied first. The extension ends up in <dir>/extension
//                 (default .tmp/vsix, so .tmp/vsix/extension)
//   --no-unpack   only package
//   --node-unzip  unpack with the built-in reader below even when `unzip` exists
//
// Prints the .vsix size and, last, the unpacked extension folder. Exit 1 on any failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const o = { build: false, out: 'kube-label-lint.vsix', dir: join('.tmp', 'vsix'), unpack: true, nodeUnzip: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--build') o.build = true;
    else if (a === '--out') o.out = val();
    else if (a === '--dir') o.dir = val();
    else if (a === '--no-unpack') o.unpack = false;
    else if (a === '--node-unzip') o.nodeUnzip = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  o.out = resolve(root, o.out);
  o.dir = resolve(root, o.dir);
  return o;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_yes: 'false' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`);

function hasUnzip() {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A small zip reader (stored and deflated entries, no zip64): enough for a .vsix. */
function nodeUnzip(file, dest) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: no end-of-central-directory record (not a zip?)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff || count === 0xffff) throw new Error(`${file}: zip64 archives are not supported`);
  const destRoot = resolve(dest);
  let n = 0;
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${k}`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    const target = resolve(destRoot, normalize(name));
    if (isAbsolute(name) || (target !== destRoot && !target.startsWith(destRoot + sep))) throw new Error(`${file}: unsafe entry name ${name}`);
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${file}: bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${file}: entry ${name} uses compression method ${method}`);
    if (data.length !== usize) throw new Error(`${file}: ${name} unpacked to ${data.length} bytes, expected ${usize}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    n++;
  }
  return n;
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  if (o.build) run('npm', ['run', 'build']);
  for (const f of [pkg.main, 'server/out/server.js', 'server/out/main.js']) {
    if (!existsSync(resolve(root, f))) throw new Error(`${f} does not exist: run \`npm run build\` first (or pass --build)`);
  }

  mkdirSync(dirname(o.out), { recursive: true });
  rmSync(o.out, { force: true });
  // `npx --no`: use the local @vscode/vsce (root devDependency), never download one.
  run('npx', ['--no', 'vsce', 'package', '--no-dependencies', '-o', o.out]);
  const size = statSync(o.out).size;
  console.log(`package-vsix: ${o.out} is ${kb(size)} (${size} bytes)`);
  if (!o.unpack) return;

  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  if (!o.nodeUnzip && hasUnzip()) {
    execFileSync('unzip', ['-q', '-o', o.out, '-d', o.dir], { stdio: 'inherit' });
  } else {
    const n = nodeUnzip(o.out, o.dir);
    console.log(`package-vsix: unpacked ${n} files with the built-in zip reader`);
  }
  const ext = join(o.dir, 'extension');
  const unpacked = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
  const missing = [unpacked.main, 'server/out/server.js', 'server/out/main.js'].filter((f) => f && !existsSync(resolve(ext, f)) && !existsSync(resolve(ext, `${f}.js`)));
  if (missing.length) throw new Error(`the .vsix lacks ${missing.join(', ')} (check .vscodeignore)`);
  console.log(`package-vsix: unpacked in ${((Date.now() - t0) / 1000).toFixed(1)} s into`);
  console.log(ext);
}

try {
  main();
} catch (e) {
  console.error(`package-vsix: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
