// ESLint here is a security gate, not a style guide: it bans the calls through which untrusted journal content could
// become code, markup or a way out of the sandbox, and says what to use instead. Each ban is one group below; a file
// is exempt from a group only in the scoped blocks at the end, each saying why that one place is allowed.
import { builtinModules } from 'node:module';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/** Matches a property access `x.name` or `x['name']`, `name` a regex source. */
const member = (name) => `MemberExpression:matches([property.name=/^(${name})$/], [property.value=/^(${name})$/])`;

/** webPreferences that must keep their safe value, spelled out literally (window.ts spells every one). */
const SAFE_PREFERENCES = {
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};
const HARDENED = 'Keep the safe value; window preferences live in hardenedWindowOptions() (electron/shell/window.ts).';

// Each group: `syntax` entries for no-restricted-syntax, `paths`/`patterns` for no-restricted-imports.
const GROUPS = {
  openExternal: {
    syntax: [
      {
        selector: `${member('openExternal')}, ObjectPattern > Property[key.name='openExternal']`,
        message:
          "shell.openExternal hands a URL to the operating system. It is called only in electron/shell/security.ts, whose window-open handler passes on https links our own page offers: link with <a href='https://…' target='_blank' rel='noopener noreferrer'> instead.",
      },
    ],
  },
  eval: {
    syntax: [
      {
        selector:
          "Identifier[name='eval']:not(MemberExpression[computed=false] > Identifier.property, Property[computed=false] > Identifier.key, MethodDefinition > Identifier.key)",
        message: 'eval runs a string as code. Parse data with JSON.parse; a user reducer runs only in electron/reducers/reducer-sandbox.ts.',
      },
      {
        selector: `${member('eval')}[object.type='Identifier'][object.name=/^(globalThis|window|self|global)$/]`,
        message: 'eval runs a string as code. Parse data with JSON.parse; a user reducer runs only in electron/reducers/reducer-sandbox.ts.',
      },
    ],
  },
  functionConstructor: {
    syntax: [
      {
        selector:
          ":matches(NewExpression, CallExpression):matches([callee.name='Function'], [callee.property.name='Function'])",
        message: 'The Function constructor compiles a string into code. Write the function in the source (an arrow function or a lookup table).',
      },
    ],
  },
  stringTimers: {
    syntax: [
      {
        selector: `CallExpression:matches([callee.name=/^(setTimeout|setInterval)$/], [callee.property.name=/^(setTimeout|setInterval)$/]):matches([arguments.0.type='Literal'][arguments.0.raw=/^['"]/], [arguments.0.type='TemplateLiteral'], [arguments.0.type='BinaryExpression'][arguments.0.operator='+'])`,
        message: 'setTimeout/setInterval with a string compiles that string as code. Pass a function: setTimeout(() => …, ms).',
      },
    ],
  },
  webPreferences: {
    syntax: [
      ...Object.entries(SAFE_PREFERENCES).map(([key, safe]) => ({
        // Anywhere: a literal other than the safe one (an options object may be built outside window.ts).
        selector: `Property:matches([key.name='${key}'], [key.value='${key}'])[value.type='Literal'][value.value!=${safe}]`,
        message: `${key} must be ${safe}: any other value weakens the renderer's isolation. ${HARDENED}`,
      })),
      ...Object.entries(SAFE_PREFERENCES).map(([key, safe]) => ({
        // Inside webPreferences: a computed value could be anything, so only the literal safe value passes.
        selector: `Property[key.name='webPreferences'] > ObjectExpression > Property:matches([key.name='${key}'], [key.value='${key}'])[value.type!='Literal']`,
        message: `${key} must be the literal ${safe} in webPreferences, not a computed value. ${HARDENED}`,
      })),
      {
        selector: "Property:matches([key.name='enableBlinkFeatures'], [key.value='enableBlinkFeatures'])",
        message: `enableBlinkFeatures turns on experimental Chromium features in the renderer. ${HARDENED}`,
      },
    ],
  },
  domSinks: {
    syntax: [
      {
        selector: member('innerHTML|outerHTML'),
        message: 'innerHTML/outerHTML parse a string as HTML, so journal content would become markup. Use textContent, or render it in a Svelte template ({value} is escaped).',
      },
      {
        selector: member('insertAdjacentHTML|setHTMLUnsafe|createContextualFragment'),
        message: 'This inserts a string as HTML, so journal content would become markup. Use insertAdjacentText/append with text nodes, or a Svelte template.',
      },
      {
        selector: `${member('write|writeln')}:matches([object.name='document'], [object.property.name='document'])`,
        message: 'document.write parses a string as HTML into the page. Render with a Svelte template or create elements and set textContent.',
      },
      {
        selector: `${member('srcdoc')}, CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^srcdoc$/i], SvelteAttribute[key.name=/^srcdoc$/i]`,
        message: 'srcdoc loads a string as a whole HTML document. Show the content as text; an HTML report is saved to a file, never loaded from a string.',
      },
      {
        selector: "SvelteDirective[kind='Binding'][key.name.name=/^(innerHTML|outerHTML)$/]",
        message: 'bind:innerHTML writes the bound string into the page as HTML. Use bind:textContent.',
      },
    ],
  },
  childProcess: {
    paths: ['child_process', 'node:child_process'].map((name) => ({
      name,
      message: 'The app starts no processes: a journal must never reach a command line. Only tests and the bench spawn (the CLI under test).',
    })),
    syntax: [
      {
        selector: "ImportExpression[source.value=/^(node:)?child_process$/], CallExpression[callee.name='require'][arguments.0.value=/^(node:)?child_process$/]",
        message: 'The app starts no processes: a journal must never reach a command line. Only tests and the bench spawn (the CLI under test).',
      },
    ],
  },
  vm: {
    paths: ['vm', 'node:vm'].map((name) => ({
      name,
      message: 'node:vm is used only by electron/reducers/reducer-sandbox.ts (no code generation from strings, time-limited). Run user code through CustomReducer.',
    })),
    syntax: [
      {
        selector: "ImportExpression[source.value=/^(node:)?vm$/], CallExpression[callee.name='require'][arguments.0.value=/^(node:)?vm$/]",
        message: 'node:vm is used only by electron/reducers/reducer-sandbox.ts (no code generation from strings, time-limited). Run user code through CustomReducer.',
      },
    ],
  },
};

// renderer/ runs in the sandboxed page and shared/ must run anywhere: neither may reach Node, Electron or main-process
// code (test/unit/layers.test.ts checks the import graph; this names the offending line in the editor).
const NO_NODE = 'renderer/ and shared/ run without Node: no Node built-ins. Ask the main process through the contract (shared/contract.ts).';
const NO_ELECTRON = 'renderer/ and shared/ never touch Electron or electron/: the renderer talks to main only through window.eventlens (shared/contract.ts).';
const BUILTIN = `^(node:.*|${builtinModules.map((name) => name.replace('/', '\\/')).join('|')})$`;
const pageSafe = {
  paths: builtinModules.map((name) => ({ name, message: NO_NODE })),
  patterns: [
    { regex: '^node:', message: NO_NODE },
    { regex: '^electron(/|$)', message: NO_ELECTRON },
    { regex: '^(\\.\\./)+electron/', message: NO_ELECTRON },
  ],
  syntax: [
    { selector: `ImportExpression[source.value=/${BUILTIN}/]`, message: NO_NODE },
    { selector: "ImportExpression[source.value=/^electron(\\/|$)|^(\\.\\.\\/)+electron\\//]", message: NO_ELECTRON },
    { selector: "CallExpression[callee.type='Identifier'][callee.name='require']", message: `require does not exist here. ${NO_NODE}` },
  ],
};

/** The two restricting rules for a scope: every group except `omit`, plus `extra`. */
function restrictions(omit = [], extra = []) {
  for (const name of omit) if (!(name in GROUPS)) throw new Error(`eslint.config.js: no group ${name}`);
  const groups = [...Object.entries(GROUPS).filter(([name]) => !omit.includes(name)).map(([, group]) => group), ...extra];
  return {
    'no-restricted-syntax': ['error', ...groups.flatMap((group) => group.syntax ?? [])],
    'no-restricted-imports': [
      'error',
      { paths: groups.flatMap((group) => group.paths ?? []), patterns: groups.flatMap((group) => group.patterns ?? []) },
    ],
  };
}

export default [
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'docs/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.svelte'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Untrusted journal content is `unknown` until checked (zod at the boundaries); `any` would skip the check.
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  ...svelte.configs.base,
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      'svelte/no-at-html-tags': 'error', // {@html} renders a string as markup: use {value}, which Svelte escapes
      'svelte/no-target-blank': 'error', // a new window without rel=noopener could script back into ours
    },
  },
  { files: ['**/*.{js,mjs,cjs,ts,mts,cts,svelte}'], rules: restrictions() },
  { files: ['renderer/**', 'shared/**'], rules: restrictions([], [pageSafe]) },

  // The one module that opens links outside the app: https only, and only from our own page.
  { files: ['electron/shell/security.ts'], rules: restrictions(['openExternal']) },
  // The user's reducer runs in a vm context with code generation from strings off and a time limit per step.
  { files: ['electron/reducers/reducer-sandbox.ts'], rules: restrictions(['vm']) },
  // SQL of a hostile SQLite file (an endless view) is copied in a child process running a fixed script, which can be
  // killed: a thread inside SQLite cannot. Paths go over its IPC channel, never on its command line.
  { files: ['electron/store/plain-copy.ts'], rules: restrictions(['childProcess']) },
  // The launcher behind `npm start` and `npm run serve` runs the build tools, Electron's installer, prebuild-install,
  // node-gyp and Electron itself. It never ships and never sees a journal: a file named on `npm start -- FILE` is
  // handed to Electron as an argument, never to a shell.
  { files: ['tools/**'], rules: restrictions(['childProcess']) },
  // Tests spawn the CLI they test and assert on the faked shell.openExternal; nothing here ships.
  { files: ['test/**'], rules: restrictions(['openExternal', 'childProcess']) },
  // V8's gc() is reached through a fresh vm context after --expose-gc is set at run time: a memory test's probe.
  { files: ['test/unit/many-journals.test.ts'], rules: restrictions(['openExternal', 'childProcess', 'vm']) },
  // A hostile reducer fixture: it calls eval to prove the sandbox refuses it (test/unit/custom-reducer.test.ts).
  { files: ['test/support/reducers/hostile.mjs'], rules: restrictions(['openExternal', 'childProcess', 'eval']) },
];
