// Checks the running Node.js and npm against "engines" in package.json before the UI is built
// (src/Cairn/Ui.targets runs it first). Prints one line and exits 1 when either is missing or too
// old. No dependencies and no newer syntax, so that an old Node.js can still say what is wrong.
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import process from 'node:process';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const engines = pkg.engines || {};

const parse = (v) =>
    v
        .replace(/^v/, '')
        .split('.')
        .map((n) => parseInt(n, 10) || 0);
const compare = (a, b) => {
    for (let i = 0; i < 3; i++) {
        if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
    }
    return 0;
};
// Supports what engines fields use: "^x.y.z", ">=x.y.z", "<x", joined by spaces (and) or "||" (or).
const fits = (version, comparator) => {
    const m = /^(\^|>=|>|<=|<)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
    if (!m) return true;
    const want = parse(m[2]);
    const c = compare(version, want);
    switch (m[1]) {
        case '^':
            return c >= 0 && version[0] === want[0];
        case '>=':
            return c >= 0;
        case '>':
            return c > 0;
        case '<=':
            return c <= 0;
        case '<':
            return c < 0;
        default:
            return c === 0;
    }
};
const satisfies = (version, range) =>
    range.split('||').some((alt) =>
        alt
            .trim()
            .split(/\s+/)
            .every((c) => fits(parse(version), c)),
    );

const problems = [];
if (engines.node && !satisfies(process.version, engines.node)) {
    problems.push(`Node.js ${engines.node} (this is ${process.version})`);
}
if (engines.npm) {
    let npm = null;
    try {
        npm = execSync('npm --version', {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
    } catch {
        problems.push(`npm ${engines.npm} (npm was not found on PATH)`);
    }
    if (npm && !satisfies(npm, engines.npm)) problems.push(`npm ${engines.npm} (this is ${npm})`);
}
if (problems.length > 0) {
    console.log(
        `The web UI needs ${problems.join(' and ')}: install a newer one, or build without the UI with -p:SkipUi=true.`,
    );
    process.exit(1);
}
