/// The explorer page's script: reads `config.json` and `openapi.json`, renders one section per
/// tag and one form per operation, and runs requests with `fetch`.
enum ExplorerScript {
    static let javaScript = #"""
        "use strict";
        (function () {
          const state = { doc: null, base: "", auth: { in: "header", name: "Authorization" }, token: "" };
          const $ = (selector, root) => (root || document).querySelector(selector);

          function element(tag, attributes, children) {
            const node = document.createElement(tag);
            for (const [key, value] of Object.entries(attributes || {})) {
              if (value === undefined || value === null || value === false) continue;
              if (key === "text") node.textContent = value;
              else if (key === "className") node.className = value;
              else node.setAttribute(key, value === true ? "" : String(value));
            }
            for (const child of children || []) if (child) node.appendChild(child);
            return node;
          }

          function resolve(schema) {
            let current = schema || {};
            for (let depth = 0; current.$ref && depth < 20; depth++) {
              const name = current.$ref.replace("#/components/schemas/", "");
              current = (state.doc.components && state.doc.components.schemas && state.doc.components.schemas[name]) || {};
            }
            return current;
          }

          function typeOf(schema) {
            const type = schema.type;
            return Array.isArray(type) ? type.find((t) => t !== "null") : type;
          }

          function example(schema, name, depth) {
            schema = resolve(schema);
            if (depth > 4) return null;
            if (schema.anyOf) return example(schema.anyOf.find((s) => resolve(s).type !== "null" && typeOf(resolve(s)) !== "array") || schema.anyOf[0], name, depth);
            if (schema.default !== undefined) return schema.default;
            switch (typeOf(schema)) {
              case "object": {
                const result = {};
                const required = schema.required || [];
                for (const [key, property] of Object.entries(schema.properties || {})) {
                  if (required.includes(key)) result[key] = example(property, key, depth + 1);
                }
                return result;
              }
              case "array": return [];
              case "number": case "integer": return 0;
              case "boolean": return false;
              case "string":
                if (schema.format === "date-time") return new Date().toISOString();
                if (/email/i.test(name || "")) return "user@example.com";
                if (/password/i.test(name || "")) return "secret";
                return "string";
              default: return null;
            }
          }

          function operationsByTag(doc) {
            const groups = new Map();
            for (const tag of doc.tags || []) groups.set(tag.name, { tag, operations: [] });
            for (const [path, item] of Object.entries(doc.paths || {})) {
              for (const [verb, operation] of Object.entries(item)) {
                const name = (operation.tags && operation.tags[0]) || "default";
                if (!groups.has(name)) groups.set(name, { tag: { name }, operations: [] });
                groups.get(name).operations.push({ verb: verb.toUpperCase(), path, operation });
              }
            }
            return groups;
          }

          function renderModel(group, index) {
            const bodyId = "model-" + index;
            const header = element("button", { className: "model-header", type: "button", "aria-expanded": "false", "aria-controls": bodyId }, [
              element("span", { text: group.tag.name }),
              element("span", { className: "count", text: group.operations.length + (group.operations.length === 1 ? " operation" : " operations") }),
            ]);
            const list = element("div", { className: "operations", id: bodyId, hidden: true },
              group.operations.map((entry, n) => renderOperation(entry, bodyId + "-" + n)));
            const section = element("section", { className: "model", "data-model": group.tag.name, "data-expanded": "false" }, [
              element("h2", {}, [header]),
              group.tag.description ? element("p", { className: "model-description", text: group.tag.description }) : null,
              list,
            ]);
            header.addEventListener("click", () => {
              const open = header.getAttribute("aria-expanded") !== "true";
              header.setAttribute("aria-expanded", String(open));
              section.setAttribute("data-expanded", String(open));
              list.hidden = !open;
            });
            return section;
          }

          function renderOperation(entry, id) {
            const { verb, path, operation } = entry;
            const bodyId = id + "-body";
            const header = element("button", { className: "operation-header", type: "button", "aria-expanded": "false", "aria-controls": bodyId }, [
              element("span", { className: "verb verb-" + verb, text: verb }),
              element("code", { className: "path", text: path }),
              element("span", { className: "summary", text: operation.summary || "" }),
            ]);
            const container = element("div", { className: "operation", "data-operation-id": operation.operationId, "data-method": verb, "data-path": path }, [header]);
            let body = null;
            header.addEventListener("click", () => {
              if (!body) {
                body = renderForm(entry, container, bodyId);
                container.appendChild(body);
              }
              const open = header.getAttribute("aria-expanded") !== "true";
              header.setAttribute("aria-expanded", String(open));
              body.hidden = !open;
            });
            return container;
          }

          function renderForm(entry, container, bodyId) {
            const { verb, path, operation } = entry;
            const fields = [];
            (operation.parameters || []).forEach((parameter, n) => {
              const inputId = bodyId + "-p" + n;
              const schema = parameter.schema || {};
              fields.push(element("label", { for: inputId, className: parameter.required ? "required" : "", text: parameter.name + " (" + parameter.in + ")" }));
              fields.push(element("input", { id: inputId, type: "text", "data-param": parameter.name, "data-in": parameter.in, required: parameter.required,
                placeholder: typeOf(schema) || "value", "aria-describedby": inputId + "-hint" }));
              fields.push(element("span", { id: inputId + "-hint", className: "hint", text: parameter.description || "" }));
            });
            let textarea = null;
            if (operation.requestBody) {
              const schema = operation.requestBody.content && operation.requestBody.content["application/json"] && operation.requestBody.content["application/json"].schema;
              textarea = element("textarea", { id: bodyId + "-data", "data-param": "data", spellcheck: "false", "aria-describedby": bodyId + "-data-hint" });
              textarea.value = JSON.stringify(example(schema, "data", 0), null, 2);
              fields.push(element("label", { for: bodyId + "-data", className: operation.requestBody.required ? "required" : "", text: "data (body)" }));
              fields.push(textarea);
              fields.push(element("span", { id: bodyId + "-data-hint", className: "hint", text: "JSON request body" }));
            }
            const button = element("button", { className: "try-it", type: "submit", text: "Try it out" });
            const status = element("span", { className: "response-status", role: "status" });
            const headers = element("pre", { className: "response-headers" });
            const responseBody = element("pre", { className: "response-body", tabindex: "0" });
            const response = element("div", { className: "response", hidden: true, "aria-live": "polite" }, [
              element("h4", {}, [document.createTextNode("Status "), status]),
              element("h4", { text: "Headers" }), headers,
              element("h4", { text: "Body" }), responseBody,
            ]);
            const form = element("form", { className: "operation-form" }, [
              element("div", { className: "params" }, fields),
              element("div", { className: "actions" }, [button, element("span", { className: "operation-id", text: operation.operationId })]),
            ]);
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              container.setAttribute("data-state", "loading");
              button.disabled = true;
              try {
                const result = await send(verb, path, form, textarea);
                status.textContent = String(result.status);
                status.className = "response-status " + (result.status < 400 ? "status-ok" : "status-error");
                headers.textContent = result.headers;
                responseBody.textContent = result.body;
                response.hidden = false;
                container.setAttribute("data-state", "done");
              } catch (error) {
                status.textContent = "network error";
                status.className = "response-status status-error";
                headers.textContent = "";
                responseBody.textContent = String(error && error.message || error);
                response.hidden = false;
                container.setAttribute("data-state", "error");
              } finally {
                button.disabled = false;
              }
            });
            return element("div", { className: "operation-body", id: bodyId, hidden: true }, [form, response]);
          }

          async function send(verb, path, form, textarea) {
            let url = path;
            const query = new URLSearchParams();
            for (const input of form.querySelectorAll("input[data-param]")) {
              const value = input.value;
              if (input.dataset.in === "path") url = url.replace("{" + input.dataset.param + "}", encodeURIComponent(value));
              else if (value !== "") query.append(input.dataset.param, value);
            }
            const headers = {};
            if (state.token) {
              if (state.auth.in === "query") query.append(state.auth.name, state.token);
              else headers[state.auth.name] = state.token;
            }
            const init = { method: verb, headers };
            if (textarea && textarea.value.trim() !== "") {
              headers["Content-Type"] = "application/json";
              init.body = textarea.value;
            }
            const search = query.toString();
            const response = await fetch(state.base + url + (search ? "?" + search : ""), init);
            const text = await response.text();
            let body = text;
            try { if (text) body = JSON.stringify(JSON.parse(text), null, 2); } catch (ignored) { body = text; }
            const lines = [];
            response.headers.forEach((value, name) => lines.push(name + ": " + value));
            return { status: response.status, headers: lines.join("\n"), body };
          }

          function applySearch(text) {
            const needle = text.trim().toLowerCase();
            for (const section of document.querySelectorAll("section.model")) {
              let visible = 0;
              for (const operation of section.querySelectorAll(".operation")) {
                const haystack = (section.dataset.model + " " + operation.dataset.operationId + " " + operation.dataset.method + " " + operation.dataset.path).toLowerCase();
                const match = !needle || haystack.includes(needle);
                operation.hidden = !match;
                if (match) visible++;
              }
              section.hidden = visible === 0;
            }
          }

          function setUpToken() {
            const input = $("#access-token");
            const note = $("#token-status");
            try { state.token = sessionStorage.getItem("lbrun-explorer-token") || ""; } catch (ignored) { state.token = ""; }
            input.value = state.token;
            note.textContent = state.token ? "Token set" : "";
            $("#token-form").addEventListener("submit", (event) => {
              event.preventDefault();
              state.token = input.value.trim();
              try { sessionStorage.setItem("lbrun-explorer-token", state.token); } catch (ignored) {}
              note.textContent = state.token ? "Token set, sent as " + state.auth.in + " " + state.auth.name : "Token cleared";
            });
          }

          async function start() {
            setUpToken();
            $("#search").addEventListener("input", (event) => applySearch(event.target.value));
            const loadStatus = $("#load-status");
            try {
              const config = await fetch("config.json").then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
              if (config.auth && config.auth.name) state.auth = config.auth;
              const response = await fetch(config.openapi || "openapi.json");
              if (!response.ok) throw new Error("openapi.json: HTTP " + response.status);
              state.doc = await response.json();
            } catch (error) {
              loadStatus.textContent = "Could not load the API description: " + error.message;
              return;
            }
            const doc = state.doc;
            const server = (doc.servers && doc.servers[0] && doc.servers[0].url) || "";
            state.base = server === "/" ? "" : server.replace(/\/$/, "");
            $("#api-title").textContent = (doc.info && doc.info.title) || "API";
            document.title = $("#api-title").textContent + " — API Explorer";
            $("#api-version").textContent = doc.info && doc.info.version ? "Version " + doc.info.version + " · base path " + (server || "/") : "";
            $("#api-description").textContent = (doc.info && doc.info.description) || "";
            const models = $("#models");
            let index = 0;
            for (const group of operationsByTag(doc).values()) models.appendChild(renderModel(group, index++));
            loadStatus.textContent = "";
            loadStatus.hidden = true;
            document.body.setAttribute("data-loaded", "true");
          }

          start();
        })();
        """#
}
