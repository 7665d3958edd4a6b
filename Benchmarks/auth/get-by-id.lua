-- GET <path>/<random id of 1..1000>, with the Authorization header of TOKEN when set.
local path = os.getenv("BENCH_PATH") or "/api/Notes/"
local token = os.getenv("TOKEN")
request = function()
    local headers = {}
    if token and token ~= "" then headers["Authorization"] = token end
    return wrk.format("GET", path .. math.random(1, 1000), headers)
end
