/// The explorer page: one self-contained HTML document (style and script inline, no network
/// access but the app's own), which reads `config.json` and `openapi.json` next to it.
///
/// DOM contract (relied on by browser tests): `#api-title`; `#models` holding one
/// `section.model[data-model]` per tag, each with a `.model-header` button that expands it;
/// `.operation[data-operation-id][data-method][data-path]` with an `.operation-header` button
/// that expands it, `input[data-param]` per path or query parameter, `textarea[data-param="data"]`
/// for a body, `button.try-it`, then `.response-status` and `.response-body`, and `data-state`
/// `done` (or `error` on a network failure) once the response is shown; `input#access-token` and
/// `button#set-token`.
enum ExplorerPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>API Explorer</title>
        <style>
        \(ExplorerStyle.css)
        </style>
        </head>
        <body>
        <header class="top">
          <div class="titles">
            <h1 id="api-title">API Explorer</h1>
            <p id="api-version" class="muted"></p>
            <p id="api-description"></p>
          </div>
          <form id="token-form" class="token" autocomplete="off">
            <label for="access-token">Access token</label>
            <input id="access-token" type="text" spellcheck="false" placeholder="paste the id returned by login">
            <button id="set-token" type="submit">Set token</button>
            <span id="token-status" class="muted" role="status" aria-live="polite"></span>
          </form>
        </header>
        <main>
          <div class="toolbar">
            <label for="search">Filter operations</label>
            <input id="search" type="search" placeholder="model, path or method">
            <a id="document-links" class="muted" href="openapi.json">openapi.json</a>
          </div>
          <p id="load-status" role="status" aria-live="polite">Loading the API description…</p>
          <div id="models"></div>
        </main>
        <script>
        \(ExplorerScript.javaScript)
        </script>
        </body>
        </html>

        """
}
