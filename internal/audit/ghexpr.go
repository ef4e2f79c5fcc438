package audit

import (
	"slices"
	"strings"
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
	toks, ok := exprTokens(expr)
	if !ok || len(toks) == 0 {
		return false, false
	}
	p := &exprParser{toks: toks, ok: true, events: events, inputs: inputs}
	v := p.or()
	if !p.ok || p.i != len(p.toks) {
		return false, false
	}
	return v.value, v.known
}

// exprValue is the truthiness of a (sub)expression, when known; str is set for a
// string literal (its text) and event for github.event_name, which comparisons fold.
type exprValue struct {
	value, known bool
	str          *string
	event        bool
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
			v = p.eventCompare(op, v, w) // other loose comparisons are not folded
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
	if p.events == nil || !v.event || w.str == nil || op != "==" && op != "!=" {
		return exprValue{}
	}
	listed := slices.ContainsFunc(p.events, func(e string) bool { return strings.EqualFold(e, *w.str) })
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
	case t == "true":
		v = exprValue{value: true, known: true}
	case t == "false":
		v = exprValue{value: false, known: true}
	case strings.HasPrefix(t, "'"):
		str := strings.ReplaceAll(t[1:len(t)-1], "''", "'")
		v = exprValue{str: &str} // its truthiness is not folded
	case strings.EqualFold(t, "github") && p.i+1 < len(p.toks) && p.toks[p.i] == "." && strings.EqualFold(p.toks[p.i+1], "event_name") &&
		(p.i+2 == len(p.toks) || p.toks[p.i+2] != "." && p.toks[p.i+2] != "["):
		p.i += 2
		return exprValue{event: true}
	case strings.EqualFold(t, "inputs") && p.i+1 < len(p.toks) && p.toks[p.i] == "." && (p.i+2 == len(p.toks) || p.toks[p.i+2] != "." && p.toks[p.i+2] != "["):
		if b, ok := p.inputs[strings.ToLower(p.toks[p.i+1])]; ok {
			p.i += 2
			return exprValue{value: b, known: true}
		}
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
