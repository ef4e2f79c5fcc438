package repo

import "strings"

// SplitGOFLAGS returns the entries of goflags, a value of GOFLAGS, as the go command
// splits it: separated by spaces (tabs, newlines), each either bare or quoted whole in
// '…' or "…" (a value with spaces: "-ldflags=-X main.v=1 -w"), its quotes dropped and
// nothing unescaped inside. ok is false, with the entries before it, when a quote is not
// closed: every go command then fails, saying so.
func SplitGOFLAGS(goflags string) (entries []string, ok bool) {
	for s := goflags; ; {
		s = strings.TrimLeft(s, " \t\n\r")
		if s == "" {
			return entries, true
		}
		if q := s[0]; q == '\'' || q == '"' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return entries, false
			}
			entries, s = append(entries, s[1:1+end]), s[2+end:]
			continue
		}
		end := strings.IndexAny(s, " \t\n\r")
		if end < 0 {
			end = len(s)
		}
		entries, s = append(entries, s[:end]), s[end:]
	}
}

// GOFLAG returns the value of the last -name=value (or --name=value) entry of goflags,
// a value of GOFLAGS, as the go command reads it (SplitGOFLAGS); "" when goflags sets
// none, or when the go command would not read it (a quote not closed).
func GOFLAG(goflags, name string) string {
	entries, ok := SplitGOFLAGS(goflags)
	if !ok {
		return ""
	}
	value := ""
	for _, e := range entries {
		if n, v, _ := strings.Cut(e, "="); n == "-"+name || n == "--"+name {
			value = v
		}
	}
	return value
}
