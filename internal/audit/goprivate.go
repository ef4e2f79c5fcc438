package audit

import "golang.org/x/mod/module"

// PublicHostsCovered returns the public code hosts all of whose modules the GOPRIVATE or
// GONOSUMDB patterns exempt from the checksum database, or "any host" for patterns that
// exempt every module: the judgement of the modverify check, which preset packs are held
// to as well, so that a pack cannot generate a project this audit fails.
func PublicHostsCovered(patterns string) []string { return publicCovered(patterns) }

// ModulesCovered returns the modules, of those listed, that the GOPRIVATE or GONOSUMDB
// patterns exempt from the checksum database, matched as the go command matches them.
func ModulesCovered(patterns string, modules []string) []string {
	var out []string
	for _, m := range modules {
		if module.MatchPrefixPatterns(patterns, m) {
			out = append(out, m)
		}
	}
	return out
}
