-- PATCH /api/Notes/:id with a random id among the seeded rows.
math.randomseed(os.time() + 7)
request = function()
  return wrk.format("PATCH", "/api/Notes/" .. math.random(1, 10000), {["Content-Type"] = "application/json"}, '{"title":"patched"}')
end
