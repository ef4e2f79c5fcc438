package audit

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// greenIf evaluates a GitHub if: expression (without its ${{ }}) as it comes out
// on a pipeline where nothing has failed, in a workflow that only the events listed
// trigger (nil: not known): success() and always() are true, failure() and
// cancelled() false. It folds only what is constant there: the literals true and
// false, the boolean inputs of inputs, !, && and || (by truthiness: false && x is false whatever x is, x || true
// true), parentheses, and github.event_name compared (== or !=) with a string,
// false for an event not listed, true when the one event listed is that one. known
// is false when the value depends on anything else (contexts, other functions,
// other comparisons, other literals) or the text is not such an expression.
// inputs are the values of a reusable workflow's boolean inputs on one call, by
// name in lower case: inputs.name of one of them is that value.
func greenIf(expr string, events []string, inputs map[string]bool) (value, known bool) {
	v, _ := evalIf(expr, &exprParser{events: events, inputs: inputs})
	return v.value, v.known
}

// matrixIf is greenIf in one job of a GitHub matrix, whose values are job's (see
// matrixJob; nil when the matrix is not known, such as one from fromJSON): matrix.key
// is the job's value of key (null when the job has none), and a comparison (==, !=,
// <, <=, >, >=) of it with a literal or another matrix value folds as GitHub's loose
// comparison does. unresolved is set when the value is not known because a
// matrix value it reads is not (an expression).
func matrixIf(expr string, events []string, inputs map[string]bool, job matrixJob) (value, known, unresolved bool) {
	p := &exprParser{events: events, inputs: inputs, matrix: true, job: job}
	v, ok := evalIf(expr, p)
	return v.value, v.known, ok && !v.known && p.unresolved
}

// evalIf parses expr with p, which holds what it reads; ok is false when expr is no
// expression it reads.
func evalIf(expr string, p *exprParser) (v exprValue, ok bool) {
	toks, ok := exprTokens(expr)
	if !ok || len(toks) == 0 {
		return exprValue{}, false
	}
	p.toks, p.ok = toks, true
	v = p.or()
	if !p.ok || p.i != len(p.toks) {
		return exprValue{}, false
	}
	return v, true
}

// exprValue is the truthiness of a (sub)expression, when known; lit is set for a
// literal and a matrix value (matrix set), and event for github.event_name, which
// comparisons fold.
type exprValue struct {
	value, known bool
	lit          *exprLit
	matrix       bool
	event        bool
}

// litKind is the type of a value of a GitHub expression.
type litKind int

const (
	litNull litKind = iota
	litBool
	litNumber
	litString
	litObject // an object or array
)

// exprLit is a value of a GitHub expression of kind: b of a boolean, f of a number,
// s of a string.
type exprLit struct {
	kind litKind
	b    bool
	f    float64
	s    string
}

// truthy returns the truthiness of l: null, false, 0, NaN and the empty string are
// false.
func (l exprLit) truthy() bool {
	switch l.kind {
	case litNull:
		return false
	case litBool:
		return l.b
	case litNumber:
		return l.f != 0 && !math.IsNaN(l.f)
	case litString:
		return l.s != ""
	}
	return true
}

// decimalNumber matches the decimal numbers this audit reads in a GitHub
// expression, a YAML value and a string GitHub converts to a number; numberLike,
// the other forms such a string may read as a number (hexadecimal, octal, a
// leading zero, Infinity), which are left unknown.
var (
	decimalNumber = regexp.MustCompile(`^[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	numberLike    = regexp.MustCompile(`(?i)^[+-]?([0-9.]|infinity$|nan$)`)
)

// number returns l as GitHub converts it to a number to compare it with a value of
// another type: null 0, a boolean 1 or 0, a string its number (surrounding spaces
// aside; the empty string is 0) or NaN, an object or array NaN. ok is false for a
// string whose number this audit does not read (0xff).
func (l exprLit) number() (f float64, ok bool) {
	switch l.kind {
	case litNull:
		return 0, true
	case litBool:
		if l.b {
			return 1, true
		}
		return 0, true
	case litNumber:
		return l.f, true
	case litString:
		s := strings.TrimSpace(l.s)
		switch {
		case s == "":
			return 0, true
		case decimalNumber.MatchString(s):
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		case numberLike.MatchString(s):
			return 0, false
		}
	}
	return math.NaN(), true
}

// looseCompare folds a comparison op of two values as GitHub does: values of one
// type compare as such (strings ignoring case; a string ordering only of ASCII
// strings is read), others as numbers (see number), where NaN compares false. Two
// objects or arrays are equal only when they are the same one, which is not known.
func looseCompare(op string, a, b exprLit) (result, ok bool) {
	if a.kind == litObject && b.kind == litObject {
		return false, false
	}
	var c int // a's order to b: -1, 0, 1; 2 when they have none (NaN)
	switch {
	case a.kind == b.kind && a.kind == litString:
		if op != "==" && op != "!=" && (!ascii(a.s) || !ascii(b.s)) {
			return false, false
		}
		c = strings.Compare(strings.ToUpper(a.s), strings.ToUpper(b.s))
	case a.kind == b.kind && a.kind == litNull:
	default:
		x, okx := a.number()
		y, oky := b.number()
		switch {
		case !okx || !oky:
			return false, false
		case math.IsNaN(x) || math.IsNaN(y):
			c = 2
		case x < y:
			c = -1
		case x > y:
			c = 1
		}
	}
	switch op {
	case "==":
		return c == 0, true
	case "!=":
		return c != 0, true
	case "<":
		return c == -1, true
	case "<=":
		return c == -1 || c == 0, true
	case ">":
		return c == 1, true
	}
	return c == 1 || c == 0, true // >=
}

// ascii reports whether s holds ASCII characters alone.
func ascii(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r > 127 })
}

// matrixLit returns the value of a GitHub matrix entry, n, as a GitHub expression
// reads it: a YAML null, boolean or number as such, another scalar as a string, a
// mapping or list as an object; false when it is not known (an expression).
func matrixLit(n *yaml.Node) (exprLit, bool) {
	n = deref(n)
	switch {
	case n == nil:
		return exprLit{}, false
	case n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode:
		return exprLit{kind: litObject}, true
	case n.Kind != yaml.ScalarNode || strings.Contains(n.Value, "${{"):
		return exprLit{}, false
	}
	switch n.ShortTag() {
	case "!!null":
		return exprLit{kind: litNull}, true
	case "!!bool":
		return exprLit{kind: litBool, b: strings.EqualFold(n.Value, "true")}, true
	case "!!int", "!!float": // a decimal one: 0x1F, 017, 1_000 or .inf may be read otherwise
		f, err := strconv.ParseFloat(n.Value, 64)
		return exprLit{kind: litNumber, f: f}, err == nil && decimalNumber.MatchString(n.Value)
	}
	return exprLit{kind: litString, s: n.Value}, true
}

// exprTokens splits a GitHub expression into tokens: operators, parentheses,
// brackets, commas, dots, identifiers, numbers and 'strings'. ok is false for any
// other character.
func exprTokens(s string) (toks []string, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(s[i:], "&&"), strings.HasPrefix(s[i:], "||"), strings.HasPrefix(s[i:], "=="),
			strings.HasPrefix(s[i:], "!="), strings.HasPrefix(s[i:], "<="), strings.HasPrefix(s[i:], ">="):
			toks = append(toks, s[i:i+2])
			i += 2
		case strings.IndexByte("!<>()[],.*", c) >= 0:
			toks = append(toks, s[i:i+1])
			i++
		case c == '\'':
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '\'')
				if k < 0 {
					return nil, false
				}
				j += k + 1
				if j < len(s) && s[j] == '\'' { // '' is a quote inside the string
					j++
					continue
				}
				break
			}
			toks = append(toks, s[i:j])
			i = j
		case ('0' <= c && c <= '9' || (c == '-' || c == '+') && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9') && exprNumber.MatchString(s[i:]):
			n := len(exprNumber.FindString(s[i:]))
			toks = append(toks, s[i:i+n])
			i += n
		case c == '_' || c == '-' || c == '+' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] == '-' || 'a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z' || '0' <= s[j] && s[j] <= '9') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, false
		}
	}
	return toks, true
}

// exprNumber matches a number token of a GitHub expression at the start of a text,
// not followed by a character of a name (see decimalNumber).
var exprNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\b`)

// exprOps are the tokens of a GitHub expression that are no operand.
var exprOps = map[string]bool{"&&": true, "||": true, "==": true, "!=": true, "<=": true, ">=": true, "<": true, ">": true,
	"!": true, "(": true, ")": true, "[": true, "]": true, ",": true, ".": true, "*": true}

// exprParser parses the tokens of a GitHub expression: || binds loosest, then
// &&, then the comparisons, then !.
type exprParser struct {
	toks   []string
	i      int
	ok     bool
	events []string // the events that trigger the workflow, nil when not known
	inputs map[string]bool
	// matrix is set when matrix.key reads job, the values of one job of the matrix
	// (nil: not known); unresolved is set once such a value was not known.
	matrix     bool
	job        matrixJob
	unresolved bool
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) next() string {
	t := p.peek()
	p.i++
	return t
}

func (p *exprParser) or() exprValue {
	v := p.and()
	for p.peek() == "||" {
		p.next()
		w := p.and()
		switch {
		case v.known && v.value || w.known && w.value:
			v = exprValue{value: true, known: true}
		case v.known && w.known:
			v = exprValue{value: false, known: true}
		default:
			v = exprValue{}
		}
	}
	return v
}

func (p *exprParser) and() exprValue {
	v := p.compare()
	for p.peek() == "&&" {
		p.next()
		w := p.compare()
		switch {
		case v.known && !v.value || w.known && !w.value:
			v = exprValue{value: false, known: true}
		case v.known && w.known:
			v = exprValue{value: true, known: true}
		default:
			v = exprValue{}
		}
	}
	return v
}

func (p *exprParser) compare() exprValue {
	v := p.not()
	for {
		switch p.peek() {
		case "==", "!=", "<", "<=", ">", ">=":
			op := p.next()
			w := p.not()
			switch {
			case v.event || w.event:
				v = p.eventCompare(op, v, w)
			case (v.matrix || w.matrix) && v.lit != nil && w.lit != nil:
				r, ok := looseCompare(op, *v.lit, *w.lit)
				v = exprValue{value: r, known: ok}
			default:
				v = exprValue{} // other comparisons are not folded
			}
		default:
			return v
		}
	}
}

// eventCompare folds github.event_name == 'name' (or != , either way round) when
// the workflow's events are known; GitHub compares strings ignoring case.
func (p *exprParser) eventCompare(op string, v, w exprValue) exprValue {
	if !v.event {
		v, w = w, v
	}
	if p.events == nil || !v.event || w.lit == nil || w.lit.kind != litString || op != "==" && op != "!=" {
		return exprValue{}
	}
	listed := slices.ContainsFunc(p.events, func(e string) bool { return strings.EqualFold(e, w.lit.s) })
	switch {
	case !listed:
		return exprValue{value: op == "!=", known: true}
	case len(p.events) == 1:
		return exprValue{value: op == "==", known: true}
	}
	return exprValue{}
}

func (p *exprParser) not() exprValue {
	if p.peek() == "!" {
		p.next()
		v := p.not()
		return exprValue{value: !v.value, known: v.known}
	}
	return p.primary()
}

// primary reads a parenthesised expression, a literal, or a context or function
// call with its properties and indexes.
func (p *exprParser) primary() exprValue {
	t := p.next()
	switch {
	case t == "(":
		v := p.or()
		if p.next() != ")" {
			p.ok = false
		}
		return v
	case t == "" || exprOps[t]:
		p.ok = false
		return exprValue{}
	}
	var v exprValue
	switch {
	case p.peek() == "(": // a function call
		p.next()
		args := 0
		for p.peek() != ")" && p.ok {
			if args > 0 && p.next() != "," {
				p.ok = false
				break
			}
			p.or()
			args++
		}
		p.next()
		switch name := strings.ToLower(t); {
		case args == 0 && (name == "success" || name == "always"):
			v = exprValue{value: true, known: true}
		case args == 0 && (name == "failure" || name == "cancelled"):
			v = exprValue{value: false, known: true}
		}
	case t == "true" || t == "false":
		v = exprValue{value: t == "true", known: true, lit: &exprLit{kind: litBool, b: t == "true"}}
	case t == "null":
		v = exprValue{lit: &exprLit{kind: litNull}} // its truthiness is not folded
	case decimalNumber.MatchString(t):
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			v = exprValue{lit: &exprLit{kind: litNumber, f: f}} // its truthiness is not folded
		}
	case strings.HasPrefix(t, "'"):
		v = exprValue{lit: &exprLit{kind: litString, s: strings.ReplaceAll(t[1:len(t)-1], "''", "'")}} // its truthiness is not folded
	case strings.EqualFold(t, "github") && p.i+1 < len(p.toks) && p.toks[p.i] == "." && strings.EqualFold(p.toks[p.i+1], "event_name") &&
		(p.i+2 == len(p.toks) || p.toks[p.i+2] != "." && p.toks[p.i+2] != "["):
		p.i += 2
		return exprValue{event: true}
	case strings.EqualFold(t, "inputs") && p.i+1 < len(p.toks) && p.toks[p.i] == "." && (p.i+2 == len(p.toks) || p.toks[p.i+2] != "." && p.toks[p.i+2] != "["):
		if b, ok := p.inputs[strings.ToLower(p.toks[p.i+1])]; ok {
			p.i += 2
			return exprValue{value: b, known: true}
		}
	case p.matrix && strings.EqualFold(t, "matrix") && p.i+1 < len(p.toks) && p.toks[p.i] == "." && !exprOps[p.toks[p.i+1]] &&
		(p.i+2 == len(p.toks) || p.toks[p.i+2] != "." && p.toks[p.i+2] != "["):
		key := p.toks[p.i+1]
		p.i += 2
		if p.job == nil {
			p.unresolved = true
			return exprValue{}
		}
		l := exprLit{kind: litNull} // a key the job does not have is null
		for k, n := range p.job {
			if strings.EqualFold(k, key) { // contexts ignore case
				var ok bool
				if l, ok = matrixLit(n); !ok {
					p.unresolved = true
					return exprValue{}
				}
			}
		}
		return exprValue{value: l.truthy(), known: true, lit: &l, matrix: true}
	}
	for p.ok { // properties and indexes make it some other value
		switch p.peek() {
		case ".":
			p.next()
			if n := p.next(); n == "" || exprOps[n] && n != "*" {
				p.ok = false
			}
		case "[":
			p.next()
			p.or()
			if p.next() != "]" {
				p.ok = false
			}
		default:
			return v
		}
		v = exprValue{}
	}
	return v
}
