package audit

import (
	"fmt"
	"strings"
)

// hclValue is a value of a bake file: a literal string, a list, an object, another
// literal (a number, true, false, null: null set), or an expression this audit does
// not evaluate (a string with ${...}, a variable, a function call): opaque. A
// number or a boolean is none of these.
type hclValue struct {
	str         string
	isStr, null bool
	opaque      bool
	list        []hclValue
	isList      bool
	fields      map[string]hclValue
	line        int
	isObj       bool
}

// at returns " (line N)" for a value read from HCL, "" for one from JSON, whose
// lines are not kept.
func (v hclValue) at() string {
	if v.line == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", v.line)
}

// hclBlock is a block of a bake file: its type, labels and attributes.
type hclBlock struct {
	kind   string
	labels []string
	attrs  map[string]hclValue
	line   int
}

// hclToken is a token of a bake file: an identifier, a string (text unquoted,
// interp set when it holds ${ or %{), a number, a punctuation mark, a newline, or
// an opaque run (a heredoc, an operator).
type hclToken struct {
	kind   byte // 'i' identifier, 's' string, 'n' number, 'p' punctuation, '\n', 'x' other
	text   string
	interp bool
	line   int
}

// hclTokens splits src into tokens, leaving out comments.
func hclTokens(src string) ([]hclToken, error) {
	var out []hclToken
	line := 1
	for i := 0; i < len(src); {
		ch := src[i]
		switch {
		case ch == '\n':
			out = append(out, hclToken{kind: '\n', line: line})
			line++
			i++
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
		case ch == '#' || ch == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case ch == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated comment", line)
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += end + 4
		case ch == '"':
			var b strings.Builder
			t := hclToken{kind: 's', line: line}
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				switch {
				case src[j] == '\n':
					return nil, fmt.Errorf("line %d: unterminated string", line)
				case src[j] == '\\' && j+1 < len(src):
					j++
					switch src[j] {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					default:
						b.WriteByte(src[j])
					}
				case (src[j] == '$' || src[j] == '%') && j+1 < len(src) && src[j+1] == '{':
					t.interp = true
					b.WriteByte(src[j])
				default:
					b.WriteByte(src[j])
				}
			}
			if j >= len(src) {
				return nil, fmt.Errorf("line %d: unterminated string", line)
			}
			t.text = b.String()
			out = append(out, t)
			i = j + 1
		case strings.HasPrefix(src[i:], "<<"): // a heredoc: <<MARKER or <<-MARKER
			k := i + 2
			if k < len(src) && src[k] == '-' {
				k++
			}
			m := k
			for m < len(src) && (isIdentStart(src[m]) || src[m] >= '0' && src[m] <= '9') {
				m++
			}
			marker, start := src[k:m], line
			nl := strings.IndexByte(src[m:], '\n')
			if marker == "" || nl < 0 {
				return nil, fmt.Errorf("line %d: a heredoc without a marker", line)
			}
			pos := m + nl + 1 // the first line of the body
			for {
				if pos >= len(src) {
					return nil, fmt.Errorf("line %d: unterminated heredoc", start)
				}
				end := strings.IndexByte(src[pos:], '\n')
				if end < 0 {
					end = len(src) - pos
				}
				line++
				if strings.TrimSpace(src[pos:pos+end]) == marker {
					pos += end // the newline after the marker
					break
				}
				pos += end + 1
			}
			out = append(out, hclToken{kind: 'x', text: "<<" + marker, line: start})
			i = pos
		case isIdentStart(ch):
			j := i + 1
			for j < len(src) && (isIdentStart(src[j]) || src[j] >= '0' && src[j] <= '9' || src[j] == '-') {
				j++
			}
			out = append(out, hclToken{kind: 'i', text: src[i:j], line: line})
			i = j
		case ch >= '0' && ch <= '9':
			j := i + 1
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E') {
				j++
			}
			out = append(out, hclToken{kind: 'n', text: src[i:j], line: line})
			i = j
		case strings.IndexByte("{}[]()=,:", ch) >= 0:
			out = append(out, hclToken{kind: 'p', text: string(ch), line: line})
			i++
		default:
			out = append(out, hclToken{kind: 'x', text: string(ch), line: line})
			i++
		}
	}
	return out, nil
}

func isIdentStart(ch byte) bool {
	return ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
}

// hclParser reads the blocks of a bake file from its tokens.
type hclParser struct {
	toks []hclToken
	pos  int
}

// parseHCL reads the blocks of a bake file written in HCL, the blocks inside them
// and the attributes outside blocks left out.
func parseHCL(src string) ([]hclBlock, error) {
	toks, err := hclTokens(src)
	if err != nil {
		return nil, err
	}
	p := &hclParser{toks: toks}
	return p.body(false)
}

func (p *hclParser) peek() hclToken {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return hclToken{}
}

func (p *hclParser) is(kind byte, text string) bool {
	t := p.peek()
	return t.kind == kind && (text == "" || t.text == text)
}

func (p *hclParser) newlines() {
	for p.is('\n', "") {
		p.pos++
	}
}

// body reads blocks and attributes up to the end of the file or, nested, the } that
// closes the block; the attributes of a block body are returned in a block without
// a kind.
func (p *hclParser) body(nested bool) ([]hclBlock, error) {
	var out []hclBlock
	attrs := hclBlock{attrs: map[string]hclValue{}}
	for {
		p.newlines()
		t := p.peek()
		switch {
		case t.kind == 0 && nested:
			return nil, fmt.Errorf("a block is not closed")
		case t.kind == 0:
			return out, nil
		case t.kind == 'p' && t.text == "}" && nested:
			p.pos++
			return append(out, attrs), nil
		case t.kind != 'i':
			return nil, fmt.Errorf("line %d: unexpected %q", t.line, t.text)
		}
		p.pos++
		if p.is('p', "=") {
			p.pos++
			attrs.attrs[t.text] = p.expr()
			continue
		}
		b := hclBlock{kind: t.text, line: t.line}
		for p.is('s', "") || p.is('i', "") {
			b.labels = append(b.labels, p.peek().text)
			p.pos++
		}
		if !p.is('p', "{") {
			return nil, fmt.Errorf("line %d: %s: expected = or {", t.line, t.text)
		}
		p.pos++
		inner, err := p.body(true)
		if err != nil {
			return nil, err
		}
		b.attrs = inner[len(inner)-1].attrs // the nested blocks are left out
		out = append(out, b)
	}
}

// expr reads a value: a literal, a list or an object of them, else an opaque
// expression up to the end of the line, a comma or a closing bracket.
func (p *hclParser) expr() hclValue {
	t := p.peek()
	p.pos++
	v := hclValue{line: t.line}
	switch {
	case t.kind == 's':
		v.str, v.isStr, v.opaque = t.text, !t.interp, t.interp
	case t.kind == 'n', t.kind == 'i' && (t.text == "true" || t.text == "false"): // a literal, no string
	case t.kind == 'i' && t.text == "null":
		v.null = true
	case t.kind == 'p' && t.text == "[":
		v.isList = true
		for {
			p.newlines()
			if p.is('p', "]") || p.peek().kind == 0 {
				p.pos++
				break
			}
			v.list = append(v.list, p.expr())
			p.newlines()
			if p.is('p', ",") {
				p.pos++
			}
		}
	case t.kind == 'p' && t.text == "{":
		v.isObj, v.fields = true, map[string]hclValue{}
		for {
			p.newlines()
			if p.is('p', "}") || p.peek().kind == 0 {
				p.pos++
				break
			}
			key := p.peek()
			p.pos++
			if !p.is('p', "=") && !p.is('p', ":") || key.kind != 'i' && key.kind != 's' || key.interp {
				p.rest(0)
				v.opaque = true
				continue
			}
			p.pos++
			v.fields[key.text] = p.expr()
			p.newlines()
			if p.is('p', ",") {
				p.pos++
			}
		}
	default:
		v = hclValue{opaque: true, line: t.line}
		depth := 0
		if t.kind == 'p' && strings.Contains("([{", t.text) {
			depth = 1
		}
		p.rest(depth)
		return v
	}
	if t := p.peek(); t.kind != 0 && t.kind != '\n' && !(t.kind == 'p' && strings.Contains(",)]}", t.text)) {
		p.rest(0) // an operator or a call follows: the whole is an expression
		return hclValue{opaque: true, line: v.line}
	}
	return v
}

// rest skips the tokens of an expression up to the end of its line, a comma or the
// bracket that closes what holds it, depth brackets being open.
func (p *hclParser) rest(depth int) {
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		switch {
		case t.kind == 'p' && strings.Contains("([{", t.text):
			depth++
		case t.kind == 'p' && strings.Contains(")]}", t.text):
			if depth == 0 {
				return
			}
			depth--
		case (t.kind == '\n' || t.kind == 'p' && t.text == ",") && depth == 0:
			return
		}
	}
}
