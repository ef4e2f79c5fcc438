package audit

// PublicHostsCovered returns the public code hosts all of whose modules the GOPRIVATE or
// GONOSUMDB patterns exempt from the checksum database, or "any host" for patterns that
// exempt every module: the judgement of the modverify check, which preset packs are held
// to as well, so that a pack cannot generate a project this audit fails.
func PublicHostsCovered(patterns string) []string { return publicCovered(patterns) }
