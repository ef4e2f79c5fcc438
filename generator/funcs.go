package generator

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// unrepeatable lists sprig functions whose output depends on time, randomness or the
// machine; they would break byte-identical output, so templates cannot call them.
var unrepeatable = []string{
	"ago", "now", "date", "dateInZone", "date_in_zone", "dateModify", "date_modify",
	"mustDateModify", "must_date_modify", "htmlDate", "htmlDateInZone", "duration",
	"durationRound", "toDate", "mustToDate", "unixEpoch",
	"randInt", "randAlpha", "randAlphaNum", "randAscii", "randNumeric", "randBytes",
	"shuffle", "uuidv4", "bcrypt", "htpasswd", "derivePassword",
	"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES",
	"env", "expandenv", "getHostByName",
}

// MaxValue bounds what one call of a template function may be given and may build
// (checked before the call for those that multiply their input: repeat, indent, until,
// join, ...), so that an untrusted template cannot exhaust memory before the render's
// output limit is reached; Limits.MaxValues bounds what the calls of a render build
// together.
const MaxValue = 16 << 20

// FuncMap returns the functions templates may call: sprig's hermetic set without any
// function whose output is not a pure function of its arguments (keys and values in
// sorted order, and printf without %p, an address), with bounded versions of those that
// multiply their input, plus quoting for the syntax a value lands in:
// shellQuote (POSIX sh) and yamlQuote (a YAML double-quoted scalar).
func FuncMap() template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for _, name := range unrepeatable {
		delete(fm, name)
	}
	fm["repeat"] = func(count int, s string) (string, error) {
		if err := checkSize("repeat", int64(count), int64(len(s))); err != nil {
			return "", err
		}
		return strings.Repeat(s, count), nil
	}
	indent := func(name string, newline bool) func(int, string) (string, error) {
		return func(spaces int, s string) (string, error) {
			lines := int64(strings.Count(s, "\n") + 1)
			if err := checkSize(name, lines, int64(spaces)); err != nil {
				return "", err
			}
			if err := checkSize(name, 1, lines*int64(spaces)+int64(len(s))); err != nil {
				return "", err
			}
			pad := strings.Repeat(" ", spaces)
			out := pad + strings.ReplaceAll(s, "\n", "\n"+pad)
			if newline {
				out = "\n" + out
			}
			return out, nil
		}
	}
	fm["indent"] = indent("indent", false)
	fm["nindent"] = indent("nindent", true)
	fm["until"] = func(count int) ([]int, error) {
		if count < 0 {
			return untilStep("until", 0, count, -1)
		}
		return untilStep("until", 0, count, 1)
	}
	fm["untilStep"] = func(start, stop, step int) ([]int, error) {
		return untilStep("untilStep", start, stop, step)
	}
	seq := fm["seq"].(func(...int) string)
	fm["seq"] = func(params ...int) (string, error) {
		var n int64
		switch len(params) {
		case 1:
			n = int64(params[0])
		case 2:
			n = int64(params[1]) - int64(params[0])
		case 3:
			if params[1] != 0 {
				n = (int64(params[2]) - int64(params[0])) / int64(params[1])
			}
		}
		if n < 0 {
			n = -n
		}
		if err := checkSize("seq", n, 21); err != nil {
			return "", err
		}
		return seq(params...), nil
	}
	// sprig's keys and values follow Go's map order, which changes from run to run:
	// here both follow the sorted keys.
	fm["keys"] = func(dicts ...map[string]any) []string {
		var out []string
		for _, d := range dicts {
			out = append(out, slices.Collect(maps.Keys(d))...)
		}
		slices.Sort(out)
		return out
	}
	fm["values"] = func(dict map[string]any) []any {
		out := make([]any, 0, len(dict))
		for _, k := range slices.Sorted(maps.Keys(dict)) {
			out = append(out, dict[k])
		}
		return out
	}
	fm["printf"] = func(format string, args ...any) (string, error) {
		if pointerVerb(format) >= 0 {
			return "", fmt.Errorf("printf %q: the verb %%p prints a memory address, which changes from run to run", format)
		}
		return fmt.Sprintf(format, args...), nil
	}
	fm["shellQuote"] = ShellQuote
	fm["yamlQuote"] = strconv.Quote
	return fm
}

// pointerVerb returns the index of the first %p verb of the fmt format, with its flags,
// width and precision (%#p, %-12p), or -1 when it has none.
func pointerVerb(format string) int {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[j]) >= 0 {
			j++
		}
		if j < len(format) && format[j] == 'p' {
			return i
		}
		i = j // the verb, or %% for a percent sign
	}
	return -1
}

// ShellQuote quotes s as one POSIX shell word.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func untilStep(name string, start, stop, step int) ([]int, error) {
	if step == 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop) {
		return []int{}, nil
	}
	n := (int64(stop) - int64(start)) / int64(step)
	if err := checkSize(name, n, 8); err != nil {
		return nil, err
	}
	out := make([]int, 0, n+1)
	for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
		out = append(out, i)
	}
	return out, nil
}

// checkSize fails when count items of size bytes each exceed MaxValue.
func checkSize(name string, count, size int64) error {
	if count < 0 {
		return fmt.Errorf("%s: negative count %d", name, count)
	}
	if size > 0 && count > MaxValue/size {
		return fmt.Errorf("%s: the result would exceed %d bytes", name, MaxValue)
	}
	return nil
}
