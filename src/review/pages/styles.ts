/** The whole stylesheet, inlined in every page (no CDN, works offline). */
export const STYLES = `
:root { color-scheme: light dark; --accent: #2563eb; --bad: #b91c1c; --good: #15803d; --muted: #6b7280; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid #8884; }
header .who { margin-left: auto; color: var(--muted); }
header form { margin: 0; }
main { padding: 1rem 1.2rem; max-width: 72rem; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #8883; vertical-align: top; }
th { font-weight: 600; }
.muted { color: var(--muted); }
.mono { font-family: ui-monospace, monospace; font-size: .9em; }
.message { white-space: pre-wrap; border-left: 3px solid #8886; padding: .3rem .7rem; margin: .4rem 0; }
.draft { white-space: pre-wrap; border: 1px solid #8886; border-radius: 6px; padding: .6rem .8rem; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 999px; border: 1px solid #8886; font-size: .85em; }
.failed { color: var(--bad); }
.ok { color: var(--good); }
.notice { border: 2px solid; border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
.notice.refused { border-color: var(--bad); }
.notice.accepted { border-color: var(--good); }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.actions form { border: 1px solid #8886; border-radius: 6px; padding: .8rem; display: grid; gap: .5rem; }
.filters { display: flex; gap: .8rem; align-items: end; margin-bottom: 1rem; }
label { display: grid; gap: .2rem; font-size: .9em; }
input, select, textarea, button { font: inherit; padding: .35rem .5rem; }
textarea { min-height: 6rem; }
button { cursor: pointer; }
`;
