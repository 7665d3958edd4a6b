-- GET /api/Notes/:id with a random id among the seeded rows.
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/Notes/" .. math.random(1, 10000))
end
