module.exports = function(Note) {};
