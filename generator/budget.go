package generator

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"unicode/utf8"
)

// ErrValueLimit reports a render whose template functions built more values together
// than the render's limit (Limits.MaxValues).
var ErrValueLimit = errors.New("the render's value limit")

// callCost is what every call of a template function is charged on top of its result,
// for what the result's size does not show (a map entry set in place).
const callCost = 64

// valueBudget bounds what the template functions of one render build together, so that
// a template cannot exhaust memory by keeping values without writing them (a list it
// appends to, a string it doubles). Templates of one render run one after the other, so
// it needs no lock.
type valueBudget struct {
	left, limit int64
}

// funcs returns fm with every function, and the builtins that build strings (print,
// printf, println, html, js, urlquery), wrapped so that a call is refused before it runs
// when its arguments hold more than MaxValue bytes or its result could (bounds), and
// its result is charged to b afterwards.
func (b *valueBudget) funcs(fm template.FuncMap) template.FuncMap {
	all := template.FuncMap{
		"print": fmt.Sprint, "printf": fmt.Sprintf, "println": fmt.Sprintln,
		"html": template.HTMLEscaper, "js": template.JSEscaper, "urlquery": template.URLQueryEscaper,
	}
	for name, fn := range fm {
		all[name] = fn
	}
	out := make(template.FuncMap, len(all))
	for name, fn := range all {
		out[name] = b.wrap(name, reflect.ValueOf(fn))
	}
	return out
}

// wrap returns fn, named name, bounded and charged to b.
func (b *valueBudget) wrap(name string, fn reflect.Value) any {
	t := fn.Type()
	returnsErr := t.NumOut() == 2
	fail := func(err error) []reflect.Value {
		if !returnsErr {
			panic(err) // text/template turns a function's panic into the call's error
		}
		return []reflect.Value{reflect.Zero(t.Out(0)), reflect.ValueOf(&err).Elem()}
	}
	check := bounds[name]
	out := t.Out(0).Kind()
	mapResult := out == reflect.Map || out == reflect.Interface || out == reflect.Pointer
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		var in int64
		s := sizer{}
		s.path = s.buf[:0]
		if mapResult {
			s.maps = make(map[uintptr]int64)
		}
		for _, a := range args {
			n, _ := s.size(a, MaxValue-in)
			in += n
		}
		if in > MaxValue {
			return fail(fmt.Errorf("%s: the arguments exceed %d bytes", name, MaxValue))
		}
		if check != nil {
			if err := check(name, args); err != nil {
				return fail(err)
			}
		}
		var res []reflect.Value
		if t.IsVariadic() {
			res = fn.CallSlice(args)
		} else {
			res = fn.Call(args)
		}
		if returnsErr && !res[1].IsNil() {
			return res
		}
		size := shallowSize(res[0])
		if m := indirect(res[0]); m.Kind() == reflect.Map {
			// A map is charged whole when new, by what it grew when given.
			size = deepSize(m, MaxValue)
			if before, given := s.maps[m.Pointer()]; given {
				size = max(size-before, 0)
			}
		}
		if size > MaxValue {
			return fail(fmt.Errorf("%s: the result would exceed %d bytes", name, MaxValue))
		}
		if b.left -= size + callCost; b.left < 0 {
			return fail(fmt.Errorf("template functions built more than %d bytes of values (%w); a template must not keep that much", b.limit, ErrValueLimit))
		}
		return res
	}).Interface()
}

// bounds holds, for the functions whose result can be far larger than their arguments,
// a check of that size before the call.
var bounds = map[string]func(name string, args []reflect.Value) error{
	"join": func(name string, args []reflect.Value) error {
		return checkSize(name, elems(args[1]), int64(len(args[0].String())))
	},
	"replace": func(name string, args []reflect.Value) error {
		return checkSize(name, count(args[2].String(), args[0].String()), int64(len(args[1].String())))
	},
	"wrapWith": func(name string, args []reflect.Value) error {
		return checkSize(name, int64(len(args[2].String()))+1, int64(len(args[1].String())))
	},
	"regexReplaceAll":            regexReplaceBound,
	"regexReplaceAllLiteral":     regexReplaceBound,
	"mustRegexReplaceAll":        regexReplaceBound,
	"mustRegexReplaceAllLiteral": regexReplaceBound,
	"split": func(name string, args []reflect.Value) error {
		return checkSize(name, count(args[1].String(), args[0].String()), callCost)
	},
	"splitList": func(name string, args []reflect.Value) error {
		return checkSize(name, count(args[1].String(), args[0].String()), 16)
	},
	"splitn": func(name string, args []reflect.Value) error {
		return checkSize(name, min(count(args[2].String(), args[0].String()), max(args[1].Int(), 0)), callCost)
	},
	"regexSplit":       regexListBound,
	"mustRegexSplit":   regexListBound,
	"regexFindAll":     regexListBound,
	"mustRegexFindAll": regexListBound,
	"toPrettyJson":     prettyJSONBound,
	"mustToPrettyJson": prettyJSONBound,
	"printf":           printfBound,
	"html":             escaperBound(5), // " ' & as &#34; &#39; &amp;
	"js":               escaperBound(6), // < > & = and control bytes as \u003C and the like
	"urlquery":         escaperBound(3), // every byte but a few as %XX
}

// prettyJSONBound bounds toPrettyJson(v): a line for every byte of v at most, each
// indented by two spaces a level.
func prettyJSONBound(name string, args []reflect.Value) error {
	size, depth := deepSizeDepth(args[0], MaxValue)
	return checkSize(name, size+1, 2*depth+2)
}

// regexReplaceBound bounds regexReplaceAll(regex, s, repl): a match at every byte of
// s, each replaced by repl, whose $ expansions may each be s.
func regexReplaceBound(name string, args []reflect.Value) error {
	s, repl := args[1].String(), args[2].String()
	per := int64(len(repl)) + int64(strings.Count(repl, "$"))*int64(len(s))
	return checkSize(name, int64(len(s))+1, per)
}

// regexListBound bounds regexSplit and regexFindAll(regex, s, n): a string at every
// byte of s, or n of them.
func regexListBound(name string, args []reflect.Value) error {
	n := int64(len(args[1].String())) + 1
	if limit := args[2].Int(); limit >= 0 {
		n = min(n, limit)
	}
	return checkSize(name, n, 16)
}

// count returns how many times sep occurs in s, as strings.Split and strings.Replace
// count (at every rune, plus one, for an empty sep), plus one.
func count(s, sep string) int64 {
	if sep == "" {
		return int64(utf8.RuneCountInString(s)) + 1
	}
	return int64(strings.Count(s, sep)) + 1
}

// elems returns the number of elements of a list, else 1.
func elems(v reflect.Value) int64 {
	v = indirect(v)
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		return int64(v.Len())
	}
	return 1
}

// maxFmtNum is the largest width or precision fmt honours.
const maxFmtNum = 1e6

// printfBound bounds printf(format, args...) before it runs: the format, plus up to
// maxFmtNum bytes for each width and precision (whatever argument a * takes, %% too),
// plus, when the format names arguments by index (%[n]d), which can print one
// argument many times, the arguments once for each verb. (Arguments printed once each
// are within MaxValue already, as wrap checks.)
func printfBound(name string, args []reflect.Value) error {
	format := args[0].String()
	var pad, verbs int64
	indexed := false
	skipIndex := func(i int) int {
		if i < len(format) && format[i] == '[' {
			indexed = true
			if end := strings.IndexByte(format[i:], ']'); end >= 0 {
				return i + end + 1
			}
		}
		return i
	}
	number := func(i int) (int, int64) {
		if i < len(format) && format[i] == '*' {
			return i + 1, maxFmtNum
		}
		var n int64
		for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
			n = min(n*10+int64(format[i]-'0'), maxFmtNum)
		}
		return i, n
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0; i++ {
		}
		var n int64
		i, n = number(skipIndex(i))
		pad += n
		if i < len(format) && format[i] == '.' {
			i, n = number(skipIndex(i + 1))
			pad += n
		}
		if i = skipIndex(i); i < len(format) && format[i] != '%' {
			verbs++
		}
	}
	printed := int64(0)
	if indexed {
		printed = verbs * deepSize(args[1], MaxValue)
	}
	return checkSize(name, 1, int64(len(format))+pad+printed)
}

// escaperBound returns the bound of an escaping builtin (html, js, urlquery), whose
// result holds at most grow bytes for each byte of what it escapes: its argument when
// that is one string, else what fmt.Sprint prints of its arguments, taken to be about
// what they hold (the call's result is checked again after it).
func escaperBound(grow int64) func(name string, args []reflect.Value) error {
	return func(name string, args []reflect.Value) error {
		return checkSize(name, deepSize(args[0], MaxValue), grow)
	}
}

// indirect returns what interfaces and pointers v holds lead to.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && !v.IsNil() {
		v = v.Elem()
	}
	return v
}

// shallowSize returns the bytes a function's result newly holds, as far as its own
// value shows it: a string's bytes, a list's elements (not what they refer to). Maps
// are charged by wrap, which knows the maps the function was given.
func shallowSize(v reflect.Value) int64 {
	v = indirect(v)
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice, reflect.Array:
		return int64(v.Len()) * int64(v.Type().Elem().Size())
	}
	return 0
}

// maxDepth bounds how deeply deepSize follows a value: one nested deeper is taken as
// past any limit, so that the walk never exhausts the stack.
const maxDepth = 10000

// ref names a value that refers to memory, as deepSize tracks it on its path.
type ref struct {
	p    uintptr
	n    int
	kind reflect.Kind
}

// shortPath is how long the path of a walk may grow before it is indexed.
const shortPath = 16

// sizer walks values for deepSize. path holds the references from the top value to the
// one walked (index holds them too once the path is long); maps, when not nil, gets the
// size of every map walked (the first time it is met).
type sizer struct {
	buf   [shortPath]ref
	path  []ref
	index map[ref]struct{}
	maps  map[uintptr]int64
	// lists counts the lists on the way to the value walked: they are not put on the
	// path, as a list that holds itself nests without end and meets maxDepth anyway,
	// and searching the path at every level of a deep list costs too much.
	lists int
}

// deepSize returns the bytes v holds, counting what it refers to (a value referred to
// twice counts twice, as printing it would print it twice), stopping once past limit.
// A value that leads back to itself, or nests deeper than maxDepth, is past limit.
func deepSize(v reflect.Value, limit int64) int64 {
	var s sizer
	s.path = s.buf[:0]
	size, _ := s.size(v, limit)
	return size
}

// deepSizeDepth returns deepSize(v, limit) and how deeply v's lists and maps nest.
func deepSizeDepth(v reflect.Value, limit int64) (int64, int64) {
	var s sizer
	s.path = s.buf[:0]
	return s.size(v, limit)
}

// size returns deepSize(v, limit) and how deeply v's lists and maps nest.
func (s *sizer) size(v reflect.Value, limit int64) (int64, int64) {
	switch v.Kind() {
	case reflect.Invalid:
		return 0, 0
	case reflect.Interface:
		if v.IsNil() {
			return int64(v.Type().Size()), 0
		}
		size, depth := s.size(v.Elem(), limit-8)
		return size + 8, depth
	case reflect.Pointer:
		if v.IsNil() {
			return int64(v.Type().Size()), 0
		}
		if !s.enter(refOf(v)) {
			return limit + 1, 0
		}
		defer s.leave()
		size, depth := s.size(v.Elem(), limit-8)
		return size + 8, depth
	case reflect.String:
		return int64(v.Len()), 0
	case reflect.Slice, reflect.Array:
		elem := v.Type().Elem()
		size := int64(v.Len()) * int64(elem.Size())
		if k := elem.Kind(); k <= reflect.Complex128 || size > limit { // no references
			return size, 1
		}
		if v.Kind() == reflect.Slice && v.Len() > 0 {
			if len(s.path)+s.lists >= maxDepth {
				return limit + 1, 0
			}
			s.lists++
			defer func() { s.lists-- }()
		}
		var depth int64
		for i := 0; i < v.Len() && size <= limit; i++ {
			n, d := s.size(v.Index(i), limit-size)
			size += n
			depth = max(depth, d)
		}
		return size, depth + 1
	case reflect.Map:
		if v.IsNil() {
			return 0, 1
		}
		if !s.enter(refOf(v)) {
			return limit + 1, 0
		}
		defer s.leave()
		size, depth := int64(0), int64(0)
		for it := v.MapRange(); it.Next() && size <= limit; {
			k, _ := s.size(it.Key(), limit-size)
			e, d := s.size(it.Value(), limit-size-k)
			size += k + e + 16
			depth = max(depth, d)
		}
		if _, seen := s.maps[v.Pointer()]; s.maps != nil && !seen {
			s.maps[v.Pointer()] = size
		}
		return size, depth + 1
	case reflect.Struct:
		size, depth := int64(0), int64(0)
		for i := 0; i < v.NumField() && size <= limit; i++ {
			n, d := s.size(v.Field(i), limit-size)
			size += n
			depth = max(depth, d)
		}
		return size, depth
	}
	return int64(v.Type().Size()), 0
}

// enter puts r, a value that refers to memory, on the walk's path; it is false when r
// is on the path already (a value that contains itself) or the path is maxDepth long.
// The path is searched in place while short, and through an index once long.
func (s *sizer) enter(r ref) bool {
	if len(s.path)+s.lists >= maxDepth {
		return false
	}
	if s.index != nil {
		if _, on := s.index[r]; on {
			return false
		}
		s.index[r] = struct{}{}
	} else if slices.Contains(s.path, r) {
		return false
	}
	s.path = append(s.path, r)
	if s.index == nil && len(s.path) == shortPath {
		s.index = make(map[ref]struct{}, 2*shortPath)
		for _, r := range s.path {
			s.index[r] = struct{}{}
		}
	}
	return true
}

// leave takes the last value entered off the path.
func (s *sizer) leave() {
	r := s.path[len(s.path)-1]
	s.path = s.path[:len(s.path)-1]
	if s.index != nil {
		delete(s.index, r)
	}
}

// refOf returns what enter tracks of v, a pointer, map or slice.
func refOf(v reflect.Value) ref {
	r := ref{p: v.Pointer(), kind: v.Kind()}
	if v.Kind() == reflect.Slice {
		r.n = v.Len()
	}
	return r
}
