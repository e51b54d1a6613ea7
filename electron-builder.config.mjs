// Installers for the desktop app (https://www.electron.build/configuration). A module rather than YAML so
// each choice carries its reason beside it, the scripts and tests import the very object electron-builder
// reads, and an editor checks it against electron-builder's types. Used as
// `electron-builder --config electron-builder.config.mjs` (scripts/dist.mjs).

/** Where scripts/dist.mjs draws the icon (scripts/app-icon.ts) before packaging: generated, not committed. */
export const BUILD_RESOURCES = 'out/build-resources';

// The deb format needs a maintainer address and a homepage (electron-builder refuses a deb without them) and
// package.json has neither: placeholders under the reserved .invalid domain (RFC 2606 §2) until a release
// names the real ones.
const HOMEPAGE = 'https://tessera.invalid/';
const MAINTAINER = 'Tessera maintainers <maintainers@tessera.invalid>';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'dev.tessera.desktop',
  productName: 'Tessera',
  copyright: 'Copyright © Tessera contributors',
  directories: { output: 'dist', buildResources: BUILD_RESOURCES },
  // Only the electron-vite build ships (package.json `main` is out/main/index.js; the server's SQL
  // migrations are copied to out/main/migrations). electron-builder adds the production dependencies
  // itself: out/main imports them from node_modules at run time (electron.vite.config.ts externalizes them).
  files: ['package.json', 'out/main/**/*', 'out/preload/**/*', 'out/renderer/**/*'],
  // Electron derives the Linux WM_CLASS / app_id from `desktopName`, and `setAsDefaultProtocolClient`
  // registers the tessera:// handler through that .desktop file (linux.syncDesktopName names it so).
  extraMetadata: { desktopName: 'tessera.desktop', homepage: HOMEPAGE },
  asar: true,
  // A native binding cannot be dlopen()ed from inside app.asar: better-sqlite3, the keychain binding
  // (@napi-rs/keyring's per-platform packages) and anything else compiled.
  asarUnpack: ['**/*.node'],
  // better-sqlite3 must match Electron's ABI, not Node's: electron-builder rebuilds the production
  // dependencies for the target Electron and arch (@electron/rebuild). Prebuilt Electron binaries are
  // used when the module publishes one; otherwise it compiles (needs a C++ toolchain and Python).
  npmRebuild: true,
  buildDependenciesFromSource: false,
  nodeGypRebuild: false,
  protocols: [{ name: 'Tessera link', schemes: ['tessera'] }],
  // Electron fuses (https://www.electronjs.org/docs/latest/tutorial/fuses): the shipped binary cannot
  // be turned into a plain Node (ELECTRON_RUN_AS_NODE), given NODE_OPTIONS, or opened to a debugger;
  // it loads only its own app.asar. An authenticator holding seeds should not be scriptable from outside.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  },
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }],
    executableName: 'tessera',
    syncDesktopName: true,
    category: 'Utility;Security',
    maintainer: MAINTAINER,
    vendor: 'Tessera',
    synopsis: 'Authenticator (TOTP, push) and MFA server admin console',
    desktop: { entry: { Keywords: '2FA;OTP;TOTP;MFA;authenticator;' } },
  },
  deb: {
    // electron-builder's default list (https://www.electron.build/linux#debian-package-options), spelled out
    // because setting `depends` replaces it; libsecret-1-0 is the keychain client library.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
    // A Secret Service must run for the vault key (gnome-keyring, or KWallet / KeePassXC on other desktops:
    // hence Recommends, not Depends); the tray icon needs an AppIndicator host on GNOME.
    recommends: ['gnome-keyring', 'libayatana-appindicator3-1 | libappindicator3-1'],
    packageCategory: 'utils',
    artifactName: '${name}_${version}_${arch}.${ext}',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    category: 'public.app-category.utilities',
    // Notarization requires the hardened runtime; electron-builder's default entitlements
    // (JIT for V8, unsigned executable memory, library validation off for the native bindings) apply.
    hardenedRuntime: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    // Per-user, no administrator prompt: installs under %LOCALAPPDATA%\Programs and registers tessera:// in HKCU.
    oneClick: true,
    perMachine: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Tessera',
    // The vault and the server data live in the user's app-data folder: uninstalling must not destroy seeds.
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
};

export default config;
