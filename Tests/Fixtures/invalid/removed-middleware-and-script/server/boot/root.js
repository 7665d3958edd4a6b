module.exports = function(server) {};
