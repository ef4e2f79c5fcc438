package audit

import (
	"strings"
)

// greenIf evaluates a GitHub if: expression (without its ${{ }}) as it comes out
// on a pipeline where nothing has failed: success() and always() are true,
// failure() and cancelled() false. It folds only what is constant there: the
// literals true and false, !, && and || (by truthiness: false && x is false
// whatever x is, x || true true) and parentheses. known is false when the value
// depends on anything else (contexts, other functions, comparisons, other
// literals) or the text is not such an expression.
func greenIf(expr string) (value, known bool) {
	toks, ok := exprTokens(expr)
	if !ok || len(toks) == 0 {
		return false, false
	}
	p := &exprParser{toks: toks, ok: true}
	v := p.or()
	if !p.ok || p.i != len(p.toks) {
		return false, false
	}
	return v.value, v.known
}

// exprValue is the truthiness of a (sub)expression, when known.
type exprValue struct{ value, known bool }

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
	toks []string
	i    int
	ok   bool
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
			v = exprValue{true, true}
		case v.known && w.known:
			v = exprValue{false, true}
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
			v = exprValue{false, true}
		case v.known && w.known:
			v = exprValue{true, true}
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
			p.next()
			p.not()
			v = exprValue{} // loose comparisons are not folded
		default:
			return v
		}
	}
}

func (p *exprParser) not() exprValue {
	if p.peek() == "!" {
		p.next()
		v := p.not()
		return exprValue{!v.value, v.known}
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
			v = exprValue{true, true}
		case args == 0 && (name == "failure" || name == "cancelled"):
			v = exprValue{false, true}
		}
	case t == "true":
		v = exprValue{true, true}
	case t == "false":
		v = exprValue{false, true}
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
