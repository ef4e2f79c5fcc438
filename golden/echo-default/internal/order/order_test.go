package order

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeRequest(t *testing.T) {
	tests := []struct {
		body      string
		want      Request
		wantField string // set when a *FieldError is expected
		wantErr   bool
	}{
		{body: `{"item":"book","quantity":2}`, want: Request{Item: "book", Quantity: 2}},
		{body: `{"item":"book","quantity":"2"}`, wantField: "quantity", wantErr: true},
		{body: `{"item":7,"quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"book","quantity":2,"color":"red"}`, wantErr: true},
		{body: `{"item":"book"`, wantErr: true},
		{body: `{"item":"book","quantity":2}{}`, wantErr: true},
		{body: `{"item":"book","quantity":2}}`, wantErr: true},
		{body: `{"item":"book","quantity":2}]`, wantErr: true},
		{body: `{"item":"book","quantity":2} x`, wantErr: true},
		{body: "{\"item\":\"book\",\"quantity\":2} \r\n\t", want: Request{Item: "book", Quantity: 2}},
		{body: ``, wantErr: true},
		// Field names are exact, and each is given at most once: a parser in
		// front of the service (a gateway validating the schema) must not
		// read another request than the service does.
		{body: `{"ITEM":"book","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"book","Quantity":2}`, wantField: "quantity", wantErr: true},
		{body: `{"item":"book","ITEM":"pen","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"book","item":"pen","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"book","quantity":2,"quantity":3}`, wantField: "quantity", wantErr: true},
		{body: `{"item":"book","quantity":2,"note":{"item":"pen","x":["}",{"quantity":1}]}}`, wantErr: true},
		{body: `{"\u0069tem":"book","quantity":2}`, want: Request{Item: "book", Quantity: 2}},
		{body: ` { "item" : "b\"}" , "quantity" : 2 } `, want: Request{Item: `b"}`, Quantity: 2}},
		{body: `null`, want: Request{}},
		{body: `[]`, wantErr: true},
		// A value that is not valid UTF-8 is refused, not decoded as U+FFFD:
		// a raw byte, a surrogate escape out of its pair.
		{body: "{\"item\":\"bo\xffok\",\"quantity\":2}", wantField: "item", wantErr: true},
		{body: `{"item":"bo\ud800ok","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"bo\uDBFF","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"bo\udc00ok","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"bo\ud800\u0041k","quantity":2}`, wantField: "item", wantErr: true},
		{body: `{"item":"bo\ud800\ud800","quantity":2}`, wantField: "item", wantErr: true},
		{body: "{\"item\":\"book\",\"quantity\":\"\xc3\"}", wantField: "quantity", wantErr: true},
		{body: "{\"item\":\"b\xc3\xb6\\u00f6k \\ud83d\\ude00\\\\ud800\",\"quantity\":2}", want: Request{Item: `böök 😀\ud800`, Quantity: 2}},
		{body: `{"item":"\ufffd","quantity":2}`, want: Request{Item: "\uFFFD", Quantity: 2}},
	}
	for _, tt := range tests {
		got, err := DecodeRequest(strings.NewReader(tt.body))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("DecodeRequest(%s) = %+v, %v; want %+v, error %v", tt.body, got, err, tt.want, tt.wantErr)
			continue
		}
		var fe *FieldError
		if errors.As(err, &fe) != (tt.wantField != "") || (fe != nil && fe.Field != tt.wantField) {
			t.Errorf("DecodeRequest(%s) error = %v, want field %q", tt.body, err, tt.wantField)
		}
	}
}

// TestDecodeRequestMessages checks the reasons a client reads for a field
// of the wrong type or name: in the words of the API, not Go's.
func TestDecodeRequestMessages(t *testing.T) {
	tests := []struct {
		body string
		want string
	}{
		{`{"item":"book","quantity":1.5}`, "quantity must be an integer"},
		{`{"item":"book","quantity":"1"}`, "quantity must be an integer"},
		{`{"item":"book","quantity":1e400}`, "quantity must be an integer"},
		{`{"item":"book","quantity":99999999999999999999}`, "quantity must be between 1 and 1000"},
		{`{"item":7,"quantity":1}`, "item must be a string"},
		{`{"ITEM":"book","quantity":1}`, `item is spelled "ITEM": field names are case-sensitive`},
		{`{"item":"book","item":"pen","quantity":1}`, "item is given more than once"},
		{"{\"item\":\"bo\xffok\",\"quantity\":1}", "item must be valid UTF-8"},
		{`{"item":"bo\ud800ok","quantity":1}`, "item must be valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := DecodeRequest(strings.NewReader(tt.body))
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Error() != tt.want {
			t.Errorf("DecodeRequest(%s) error = %v, want a *FieldError %q", tt.body, err, tt.want)
		}
	}
}

// FuzzDecodeRequest checks that DecodeRequest accepts a body only when its
// top-level names, read by encoding/json's tokenizer, are exact field names
// given once each, and its item holds U+FFFD only when the client sent it.
func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"item":"book","quantity":2}`,
		`{"item":"b\"}","quantity":2,"x":[{"item":1},"]"]}`,
		`{"\u0069tem":"book","quantity":2}`,
		`{"ITEM":"book","quantity":2}`,
		`{"item":"book","item":"pen"}`,
		` {"quantity" : -1e2 , "item" : null } `,
		`[{"item":"book"}]`,
		"{\"item\":\"b\xffk\",\"quantity\":2}",
		`{"item":"b\ud800k\udc00","quantity":2}`,
		`{"item":"\ud83d\ude00 \\ud800","quantity":2}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req, err := DecodeRequest(strings.NewReader(body))
		if err != nil {
			return
		}
		if strings.ContainsRune(req.Item, utf8.RuneError) && !strings.Contains(body, "\uFFFD") && !strings.Contains(strings.ToLower(body), `\ufffd`) {
			t.Fatalf("accepted %q as the item %q: U+FFFD the client did not send", body, req.Item)
		}
		dec := json.NewDecoder(strings.NewReader(body))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return // null: no names
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("accepted %q: %v", body, err)
			}
			name := tok.(string)
			if (name != "item" && name != "quantity") || seen[name] {
				t.Fatalf("accepted %q with the name %q", body, name)
			}
			seen[name] = true
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatalf("accepted %q: %v", body, err)
			}
		}
	})
}

func BenchmarkDecodeRequest(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeRequest(strings.NewReader(`{"item":"book","quantity":2}`)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeRequestReadError: a body that cannot be read to its end (a read
// timeout, a client gone mid-body) is a *ReadError with the reader's error,
// not a JSON error; a body that ends early by itself is a JSON error.
func TestDecodeRequestReadError(t *testing.T) {
	for _, cause := range []error{os.ErrDeadlineExceeded, io.ErrUnexpectedEOF} {
		_, err := DecodeRequest(io.MultiReader(strings.NewReader(`{"item":`), &failingReader{err: cause}))
		var re *ReadError
		if !errors.As(err, &re) || !errors.Is(err, cause) {
			t.Errorf("body failing with %v: error %v, want a *ReadError with it", cause, err)
		}
	}
	_, err := DecodeRequest(strings.NewReader(`{"item":`))
	var re *ReadError
	if err == nil || errors.As(err, &re) {
		t.Errorf("truncated JSON: error %v, want a JSON error, not a *ReadError", err)
	}
	// A complete object whose body then fails (such as a size limit met
	// in the blanks after it) is not a valid request either.
	cause := errors.New("body too large")
	_, err = DecodeRequest(io.MultiReader(strings.NewReader(`{"item":"book","quantity":2}   `), &failingReader{err: cause}))
	if !errors.As(err, &re) || !errors.Is(err, cause) {
		t.Errorf("object, then a failing body: error %v, want a *ReadError with %v", err, cause)
	}
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestCreate(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		wantField string
	}{
		{"valid", Request{Item: "book", Quantity: 1}, ""},
		{"max quantity", Request{Item: "book", Quantity: MaxQuantity}, ""},
		{"longest item", Request{Item: strings.Repeat("é", MaxItemLen), Quantity: 1}, ""},
		{"empty item", Request{Quantity: 1}, "item"},
		{"long item", Request{Item: strings.Repeat("x", MaxItemLen+1), Quantity: 1}, "item"},
		{"blank item", Request{Item: " ", Quantity: 1}, "item"},
		{"blanks item", Request{Item: " \u00a0\u3000 ", Quantity: 1}, "item"},
		{"item with a newline", Request{Item: "book\n", Quantity: 1}, "item"},
		{"item with a tab", Request{Item: "a\tbook", Quantity: 1}, "item"},
		{"item with an escape", Request{Item: "\x1b[31mbook", Quantity: 1}, "item"},
		{"item with a NUL", Request{Item: "bo\x00ok", Quantity: 1}, "item"},
		{"item with a C1 control", Request{Item: "bo\u0085ok", Quantity: 1}, "item"},
		{"item with DEL", Request{Item: "book\x7f", Quantity: 1}, "item"},
		{"item with a zero-width space", Request{Item: "bo\u200bok", Quantity: 1}, "item"},
		{"item of a zero-width space", Request{Item: "\u200b", Quantity: 1}, "item"},
		{"item with a right-to-left override", Request{Item: "book\u202etxt.exe", Quantity: 1}, "item"},
		{"item with a left-to-right embedding", Request{Item: "\u202abook", Quantity: 1}, "item"},
		{"item with a pop directional formatting", Request{Item: "book\u202c", Quantity: 1}, "item"},
		{"item with a right-to-left isolate", Request{Item: "\u2067book\u2069", Quantity: 1}, "item"},
		{"item with a first strong isolate", Request{Item: "\u2068book", Quantity: 1}, "item"},
		{"item with a byte order mark", Request{Item: "\ufeffbook", Quantity: 1}, "item"},
		{"item with a soft hyphen", Request{Item: "book\u00adcase", Quantity: 1}, "item"},
		{"item with a tag character", Request{Item: "book\U000E0041", Quantity: 1}, "item"},
		{"item in a right-to-left script", Request{Item: "\u05e1\u05e4\u05e8", Quantity: 1}, ""},
		{"item with a zero-width non-joiner (Persian)", Request{Item: "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", Quantity: 1}, ""},
		{"item with a zero-width joiner (emoji sequence)", Request{Item: "\U0001f469\u200d\U0001f4bb", Quantity: 1}, ""},
		{"item of a zero-width joiner", Request{Item: "\u200d", Quantity: 1}, "item"},
		{"item of a non-joiner between blanks", Request{Item: " \u200c ", Quantity: 1}, "item"},
		{"item of an ideographic space and a non-joiner", Request{Item: "\u3000\u200c", Quantity: 1}, "item"},
		{"item ending in a zero-width joiner", Request{Item: "book\u200d", Quantity: 1}, "item"},
		{"item starting with a non-joiner", Request{Item: "\u200cbook", Quantity: 1}, "item"},
		{"item with two joiners in a row", Request{Item: "bo\u200c\u200dok", Quantity: 1}, "item"},
		{"item with inner blanks", Request{Item: " red  book ", Quantity: 1}, ""},
		{"zero quantity", Request{Item: "book"}, "quantity"},
		{"too many", Request{Item: "book", Quantity: MaxQuantity + 1}, "quantity"},
		{"negative", Request{Item: "book", Quantity: -1}, "quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Create(tt.req)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Create() error = %v", err)
				}
				if o.ID == "" || o.Item != tt.req.Item || o.Quantity != tt.req.Quantity {
					t.Errorf("Create() = %+v", o)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.wantField {
				t.Errorf("Create() error = %v, want field %q", err, tt.wantField)
			}
		})
	}
}

// TestValidateItemMessages checks the reasons a client reads for an item of
// blanks alone, or with a control or an invisible format character.
func TestValidateItemMessages(t *testing.T) {
	tests := []struct {
		item, want string
	}{
		{"   ", "item must not be blank"},
		{"\u2003", "item must not be blank"},
		{"book\r\n", "item must not contain control characters (U+000D)"},
		{"\tbook", "item must not contain control characters (U+0009)"},
		{"\x1b[2Jbook", "item must not contain control characters (U+001B)"},
		{" \n ", "item must not contain control characters (U+000A)"},
		{"bo\u200bok", "item must not contain invisible format characters (U+200B)"},
		{"book\u202etxt.exe", "item must not contain invisible format characters (U+202E)"},
		{"\u2066book\u2069", "item must not contain invisible format characters (U+2066)"},
		{"\ufeffbook", "item must not contain invisible format characters (U+FEFF)"},
		{"\ufeff", "item must not contain invisible format characters (U+FEFF)"},
		{"\u200d", "item must not contain a zero-width joiner or non-joiner (U+200D) other than between two visible characters"},
		{"book \u200c", "item must not contain a zero-width joiner or non-joiner (U+200C) other than between two visible characters"},
	}
	for _, tt := range tests {
		err := Request{Item: tt.item, Quantity: 1}.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Error() != tt.want {
			t.Errorf("Validate() of item %q = %v, want a *FieldError %q", tt.item, err, tt.want)
		}
	}
}

func TestCreateUniqueIDs(t *testing.T) {
	a, _ := Create(Request{Item: "a", Quantity: 1})
	b, _ := Create(Request{Item: "a", Quantity: 1})
	if a.ID == b.ID {
		t.Errorf("two orders share id %q", a.ID)
	}
}
