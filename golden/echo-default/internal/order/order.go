// Package order is the example domain of the service: it validates and
// creates orders. It knows nothing about HTTP frameworks.
package order

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits of a valid request.
const (
	MaxItemLen  = 100
	MinQuantity = 1
	MaxQuantity = 1000
)

// Request is the body of a create-order request.
type Request struct {
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

// Order is a created order.
type Order struct {
	ID       string `json:"id"`
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

// FieldError reports an invalid field of a request.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	return e.Field + " " + e.Reason
}

// ReadError reports that the request could not be read, as opposed to a
// request that is not valid JSON: reading r failed (a read timeout, a client
// that went away mid-body, a body over a size limit). Err is the error of r.
type ReadError struct {
	Err error
}

func (e *ReadError) Error() string {
	return "read request: " + e.Err.Error()
}

func (e *ReadError) Unwrap() error {
	return e.Err
}

// DecodeRequest reads one JSON request from r, to its end: the caller bounds
// r (the server caps bodies at 1 MiB). Field names are exact, as the API
// spells them: a name in another case ("ITEM") and a name given twice are
// *FieldErrors, as is a field of the wrong type or a value that is not valid
// UTF-8 (which encoding/json would replace with U+FFFD), so that a parser in
// front of the service, such as a gateway validating the schema, cannot read
// another request than the service does. Unknown fields and anything but
// whitespace after the object are errors; a failure of r itself is a
// *ReadError.
func DecodeRequest(r io.Reader) (Request, error) {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBodyBuffer(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		// Whatever arrived is not the whole body: r's error is the cause
		// (io.ErrUnexpectedEOF too is what a client that closes mid-body
		// causes).
		return Request{}, fmt.Errorf("decode request: %w", &ReadError{Err: err})
	}
	data := buf.Bytes()
	var req Request
	if err := json.Unmarshal(data, &req); err != nil {
		return Request{}, decodeError(data, err)
	}
	// json.Unmarshal matched the names to the fields in any case, and
	// decoded invalid UTF-8 as U+FFFD.
	if err := checkMembers(data); err != nil {
		return Request{}, err
	}
	return req, nil
}

// decodeError returns the error of DecodeRequest for the body data that
// json.Unmarshal refused with err.
func decodeError(data []byte, err error) error {
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Errorf("decode request: %w", err)
	}
	// data is valid JSON, since json.Unmarshal checks all of it before
	// decoding: its members are checked first.
	if err := checkMembers(data); err != nil {
		return err
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return &FieldError{Field: typeErr.Field, Reason: typeReason(typeErr)}
	}
	return fmt.Errorf("decode request: %w", err)
}

// bodyBuffers holds the buffers DecodeRequest reads bodies into.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the capacity above which a body buffer is dropped, not
// kept for the next request.
const maxPooledBuffer = 64 << 10

func putBodyBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		bodyBuffers.Put(buf)
	}
}

// fieldNames are the JSON names of the fields of a Request, as the API
// spells them, in the order of the struct.
var fieldNames = jsonNames(reflect.TypeFor[Request]())

// jsonNames returns the JSON names of the exported fields of the struct type
// t, from their json tags (at most 64: checkMembers keeps a bit per field).
func jsonNames(t reflect.Type) []string {
	var names []string
	for field := range t.Fields() {
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		switch {
		case !field.IsExported() || name == "-":
			continue
		case name == "":
			name = field.Name
		}
		names = append(names, name)
	}
	if len(names) > 64 {
		panic("order: more than 64 request fields")
	}
	return names
}

// checkMembers returns an error for a member of the JSON object data whose
// name is not exactly one of fieldNames: a *FieldError for one of them in
// another case or given twice, an error for an unknown one; and a
// *FieldError for a member whose value is not valid UTF-8 (validUTF8). data
// is valid JSON; a value that is not an object has no members.
func checkMembers(data []byte) error {
	var seen uint64 // a bit per field of fieldNames given
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return nil
	}
	for i = skipSpace(data, i+1); data[i] != '}'; {
		end := stringEnd(data, i)
		name := data[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			// An escaped name ("\u0069tem") is compared by what it spells.
			var unescaped string
			if err := json.Unmarshal(data[i:end], &unescaped); err != nil {
				return fmt.Errorf("decode request: %w", err)
			}
			name = []byte(unescaped)
		}
		if err := checkName(name, &seen); err != nil {
			return err
		}
		i = skipSpace(data, end) // at the colon
		value := skipSpace(data, i+1)
		i = skipValue(data, value)
		if !validUTF8(data[value:i]) {
			// checkName accepted name: it is the field's, exactly.
			return &FieldError{Field: string(name), Reason: "must be valid UTF-8"}
		}
		i = skipSpace(data, i)
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return nil
}

// checkName checks one member name against fieldNames, recording in seen
// the fields given. A name in another case is matched as encoding/json
// matches it (bytes.EqualFold).
func checkName(name []byte, seen *uint64) error {
	for k, field := range fieldNames {
		bit := uint64(1) << k
		switch {
		case string(name) == field && *seen&bit != 0:
			return &FieldError{Field: field, Reason: "is given more than once"}
		case string(name) == field:
			*seen |= bit
			return nil
		case bytes.EqualFold(name, []byte(field)):
			return &FieldError{Field: field, Reason: fmt.Sprintf("is spelled %q: field names are case-sensitive", name)}
		}
	}
	return fmt.Errorf("decode request: unknown field %q", name)
}

// validUTF8 reports whether the JSON value v (valid JSON) spells only valid
// UTF-8: its bytes are, and each of its \u escapes of a UTF-16 surrogate
// (U+D800 to U+DFFF) is the high half of a pair whose low half follows at
// once (\uD83D\uDE00). encoding/json decodes an invalid byte, and a
// surrogate escape out of its pair, as U+FFFD: another string than the
// client sent.
func validUTF8(v []byte) bool {
	if !utf8.Valid(v) {
		return false
	}
	// Valid JSON has backslashes only in strings, each starting an escape.
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' {
			continue
		}
		i++ // the escaped byte
		if v[i] != 'u' {
			continue
		}
		r := hexRune(v[i+1 : i+5])
		i += 4
		if !utf16.IsSurrogate(r) {
			continue
		}
		if !bytes.HasPrefix(v[i+1:], []byte(`\u`)) || utf16.DecodeRune(r, hexRune(v[i+3:i+7])) == unicode.ReplacementChar {
			return false
		}
		i += 6 // the low half
	}
	return true
}

// hexRune returns the UTF-16 code unit of the four hex digits h of a \u
// escape.
func hexRune(h []byte) rune {
	n, _ := strconv.ParseUint(string(h), 16, 16) // valid JSON: four hex digits
	return rune(n)
}

// skipSpace returns the index of the first byte of data at or after i that
// is not JSON whitespace, or len(data).
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the JSON string that starts at i.
func stringEnd(data []byte, i int) int {
	for i++; data[i] != '"'; i++ {
		if data[i] == '\\' {
			i++ // the escaped byte
		}
	}
	return i + 1
}

// skipValue returns the index after the JSON value that starts at i.
func skipValue(data []byte, i int) int {
	depth := 0
	for {
		switch data[i] {
		case '"':
			i = stringEnd(data, i)
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
		default:
			if depth == 0 {
				// A number or literal member value: it ends at the next
				// blank, comma or brace.
				for i < len(data) && !strings.ContainsRune(" \t\n\r,}", rune(data[i])) {
					i++
				}
				return i
			}
			i++ // a byte of a number, literal, blank, comma or colon
		}
		if depth == 0 {
			return i
		}
	}
}

// typeReason says, in the words of the API, what a field of the wrong type
// must be.
func typeReason(e *json.UnmarshalTypeError) string {
	switch e.Type.Kind() {
	case reflect.String:
		return "must be a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if e.Field == "quantity" && isIntegerLiteral(strings.TrimPrefix(e.Value, "number ")) {
			return quantityRange // an integer too large for an int
		}
		return "must be an integer"
	default:
		return "has the wrong type"
	}
}

// isIntegerLiteral reports whether s is a JSON number without fraction or
// exponent.
func isIntegerLiteral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// quantityRange is the reason of a quantity out of range.
var quantityRange = fmt.Sprintf("must be between %d and %d", MinQuantity, MaxQuantity)

// Validate returns a *FieldError for the first invalid field of req.
func (req Request) Validate() error {
	switch n := utf8.RuneCountInString(req.Item); {
	case n == 0:
		return &FieldError{Field: "item", Reason: "is required"}
	case n > MaxItemLen:
		return &FieldError{Field: "item", Reason: fmt.Sprintf("must be at most %d characters", MaxItemLen)}
	}
	if reason := itemTextReason(req.Item); reason != "" {
		return &FieldError{Field: "item", Reason: reason}
	}
	if req.Quantity < MinQuantity || req.Quantity > MaxQuantity {
		return &FieldError{Field: "quantity", Reason: quantityRange}
	}
	return nil
}

// itemTextReason says what is wrong with the characters of item, an item of
// 1 to MaxItemLen characters, or "" when nothing is: blanks alone
// (unicode.IsSpace) name no item; a control character (a newline, a tab, an
// ESC: unicode.IsControl) has no place in one and would break the lines and
// terminals it is shown in; and an invisible format character (Unicode
// category Cf: a zero-width space, a bidirectional control such as U+202E, a
// byte order mark) makes an item that reads as another one, or reorders the
// text shown after it. The zero-width non-joiner and joiner (U+200C, U+200D)
// are the exception where they stand between two visible characters, as
// Persian and Indic spelling and emoji sequences need them; anywhere else
// they would make an invisible item, or one that reads as another.
func itemTextReason(item string) string {
	blank := true
	prev := rune(-1)
	for i, r := range item {
		switch {
		case unicode.IsControl(r):
			return fmt.Sprintf("must not contain control characters (%U)", r)
		case r == '\u200c' || r == '\u200d':
			next, _ := utf8.DecodeRuneInString(item[i+utf8.RuneLen(r):])
			if !visible(prev) || !visible(next) {
				return fmt.Sprintf("must not contain a zero-width joiner or non-joiner (%U) other than between two visible characters", r)
			}
		case unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("must not contain invisible format characters (%U)", r)
		}
		blank = blank && unicode.IsSpace(r)
		prev = r
	}
	if blank {
		return "must not be blank"
	}
	return ""
}

// visible reports whether r, a rune of an item or -1 (none) or utf8.RuneError
// (the item's end), is a character that shows: not a blank, a control or a
// format character.
func visible(r rune) bool {
	return r >= 0 && r != utf8.RuneError && !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r)
}

// Create validates req and returns the new order with a random id.
func Create(req Request) (Order, error) {
	if err := req.Validate(); err != nil {
		return Order{}, err
	}
	return Order{ID: rand.Text(), Item: req.Item, Quantity: req.Quantity}, nil
}
