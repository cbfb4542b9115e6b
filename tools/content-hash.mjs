// What a build step read, as one SHA-256: the relative path and the bytes of every input file. Content, not
// modification times: a checkout, a `git stash` round trip or a copied tree changes mtimes but not what tsc or vite
// would produce, and an edit that keeps the mtime (a restored backup) still changes the hash.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders that are never a build input even inside an input folder. */
const NEVER = new Set(['node_modules', '.git']);

/**
 * The input files of a step, as sorted relative paths with `/` separators. An input is a folder (all files below
 * it), a file, or a file name pattern in which `*` stands for any characters (`tsconfig*.json`). An input that does
 * not exist yields nothing: adding it later changes the hash.
 * @param {string} root
 * @param {readonly string[]} inputs
 * @returns {string[]}
 */
export function inputFiles(root, inputs) {
  /** @type {Set<string>} */
  const files = new Set();
  for (const input of inputs) {
    if (input.includes('*')) {
      const slash = input.lastIndexOf('/');
      const folder = slash === -1 ? '' : input.slice(0, slash);
      const pattern = new RegExp(`^${input.slice(slash + 1).split('*').map(escapeRegExp).join('.*')}$`);
      if (!existsSync(join(root, folder))) continue;
      for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
        if (entry.isFile() && pattern.test(entry.name)) files.add(folder === '' ? entry.name : `${folder}/${entry.name}`);
      }
    } else if (existsSync(join(root, input))) {
      if (statSync(join(root, input)).isDirectory()) walk(root, input, files);
      else files.add(input);
    }
  }
  return [...files].sort();
}

/**
 * @param {string} root
 * @param {string} folder relative
 * @param {Set<string>} files
 */
function walk(root, folder, files) {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory() && !NEVER.has(entry.name)) walk(root, path, files);
    else if (entry.isFile()) files.add(path);
  }
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * SHA-256 of a step's inputs: each file's path and bytes (through `fileDigest`, which a run shares between steps so
 * a file both steps read is read once), then `extra` (the step's command: a changed command is a changed step).
 * @param {string} root
 * @param {readonly string[]} files
 * @param {string} extra
 * @param {Map<string, string>} [fileDigests] per-run memo of file digests
 * @returns {string}
 */
export function contentHash(root, files, extra, fileDigests = new Map()) {
  const hash = createHash('sha256');
  for (const file of files) {
    let digest = fileDigests.get(file);
    if (digest === undefined) {
      digest = createHash('sha256').update(readFileSync(join(root, file))).digest('hex');
      fileDigests.set(file, digest);
    }
    hash.update(`${file}\0${digest}\0`);
  }
  hash.update(`command\0${extra}`);
  return hash.digest('hex');
}
