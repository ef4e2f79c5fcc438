package generator

// FormatGo gives the external tests formatGo.
var FormatGo = formatGo
