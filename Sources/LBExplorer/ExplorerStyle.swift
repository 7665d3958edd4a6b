/// The explorer page's style sheet: system fonts, light and dark schemes, visible focus.
enum ExplorerStyle {
    static let css = #"""
        :root {
          --bg: #f7f8fa; --panel: #ffffff; --text: #1b1f24; --muted: #57606a; --border: #d0d7de;
          --accent: #0b5cad; --get: #1a7f37; --post: #0b5cad; --put: #9a6700; --patch: #8250df;
          --delete: #cf222e; --head: #57606a; --code: #f0f2f5;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --panel: #161b22; --text: #e6edf3; --muted: #9198a1; --border: #30363d;
            --accent: #4493f8; --get: #3fb950; --post: #4493f8; --put: #d29922; --patch: #ab7df8;
            --delete: #f85149; --head: #9198a1; --code: #1f242c;
          }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        code, pre, textarea, input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
        .top { display: flex; flex-wrap: wrap; gap: 16px; justify-content: space-between; align-items: flex-end;
          padding: 20px 28px; background: var(--panel); border-bottom: 1px solid var(--border); }
        h1 { margin: 0; font-size: 24px; }
        .titles p { margin: 2px 0; }
        .muted { color: var(--muted); }
        .token { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        .token label { font-weight: 600; }
        .token input { width: 22rem; max-width: 100%; }
        main { max-width: 1100px; margin: 0 auto; padding: 20px 28px 60px; }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
        .toolbar input { flex: 1; min-width: 12rem; }
        input, textarea { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; }
        textarea { width: 100%; min-height: 8rem; resize: vertical; }
        button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid var(--border); background: var(--panel); color: var(--text); padding: 6px 12px; }
        button:hover { border-color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        #set-token, .try-it { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; }
        .model { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; margin: 12px 0; overflow: hidden; }
        .model h2 { margin: 0; font-size: 18px; }
        .model-header { width: 100%; text-align: left; border: 0; border-radius: 0; padding: 12px 16px; display: flex; gap: 10px; align-items: baseline; font-size: 18px; font-weight: 600; }
        .model-header::before, .operation-header::before { content: "▸"; color: var(--muted); transition: transform .15s; display: inline-block; }
        [aria-expanded="true"]::before { transform: rotate(90deg); }
        .model-header .count { font-size: 13px; font-weight: 400; color: var(--muted); }
        .model-description { margin: 0 16px 8px; color: var(--muted); }
        .operations { border-top: 1px solid var(--border); padding: 8px 12px 12px; }
        .operation { border: 1px solid var(--border); border-radius: 8px; margin: 8px 0; }
        .operation-header { width: 100%; border: 0; text-align: left; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; background: transparent; }
        .verb { display: inline-block; min-width: 4.2rem; text-align: center; color: #fff; border-radius: 4px; padding: 2px 6px; font-size: 12px; font-weight: 700; letter-spacing: .03em; }
        .verb-GET { background: var(--get); } .verb-POST { background: var(--post); } .verb-PUT { background: var(--put); }
        .verb-PATCH { background: var(--patch); } .verb-DELETE { background: var(--delete); } .verb-HEAD { background: var(--head); }
        .path { font-weight: 600; word-break: break-all; }
        .summary { color: var(--muted); flex: 1; min-width: 12rem; }
        .operation-body { padding: 4px 14px 14px; border-top: 1px dashed var(--border); }
        .operation-id { font-size: 12px; color: var(--muted); }
        .params { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 6px 12px; align-items: center; margin: 10px 0; }
        .params label { font-weight: 600; }
        .params .required::after { content: " *"; color: var(--delete); }
        .params .hint { grid-column: 2; font-size: 12px; color: var(--muted); margin-top: -4px; }
        .actions { margin-top: 10px; display: flex; gap: 10px; align-items: center; }
        .response { margin-top: 12px; }
        .response h4 { margin: 8px 0 4px; font-size: 14px; }
        .response-status { font-weight: 700; font-family: ui-monospace, monospace; }
        .status-ok { color: var(--get); } .status-error { color: var(--delete); }
        pre { background: var(--code); border: 1px solid var(--border); border-radius: 6px; padding: 10px; overflow: auto; max-height: 28rem; margin: 0; }
        [hidden] { display: none !important; }
        """#
}
