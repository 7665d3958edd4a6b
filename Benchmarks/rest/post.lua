wrk.method = "POST"
wrk.body = '{"title":"benchmark note","priority":3}'
wrk.headers["Content-Type"] = "application/json"
