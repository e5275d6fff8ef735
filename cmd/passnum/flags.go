package main

import (
	"errors"
	"flag"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"passnum/domain"
)

// flagSet is a command's flags; positional arguments may come before or after the flags
// (« passnum redeem 600001-03 --place pimms »), as people type them.
type flagSet struct {
	*flag.FlagSet
	args []string
}

func newFlags(name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs}
}

// errHelp is what -h, -help and --help after a command give: its lines of the help, exit 0.
var errHelp = errors.New("aide demandée")

// parse reads flags anywhere in args and keeps the positional ones. It does the reading itself
// rather than through flag.Parse, so that every mistake gets a French message naming the option
// with its two dashes and saying what it expects. A word like « -1 » that is no option is
// positional (a number typed with a minus: the command then says it is no number).
func (f *flagSet) parse(args []string) error {
	for i := 0; i < len(args); i++ {
		s := args[i]
		if s == "--" {
			f.args = append(f.args, args[i+1:]...)
			return nil
		}
		if len(s) < 2 || s[0] != '-' || looksNegative(s) {
			f.args = append(f.args, s)
			continue
		}
		name := strings.TrimPrefix(s[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return f.fail("« %s » n'est pas une option bien écrite : une option s'écrit --nom ou --nom=valeur", shown(s))
		}
		name, value, hasValue := strings.Cut(name, "=")
		fl := f.Lookup(name)
		if fl == nil {
			if name == "h" || name == "help" || name == "aide" {
				return errHelp
			}
			return f.fail("option inconnue --%s (%s)", shown(name), f.known())
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
			if err := f.Set(name, value); err != nil {
				return f.fail("--%s : « %s » ne vaut ni oui ni non (écrivez --%s seul, ou --%s=false)", name, shown(value), name, name)
			}
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return f.fail("il manque la valeur de --%s (écrivez --%s VALEUR)", name, name)
			}
			if next := args[i+1]; strings.HasPrefix(next, "--") && f.Lookup(strings.SplitN(next[2:], "=", 2)[0]) != nil {
				return f.fail("il manque la valeur de --%s : « %s » qui suit est une option (écrivez --%s VALEUR)", name, shown(next), name)
			}
			i++
			value = args[i]
		}
		if err := f.Set(name, value); err != nil {
			return f.fail("%s", valueProblem(fl, value, err))
		}
	}
	return nil
}

// looksNegative says whether s is a minus followed by a digit: no option starts with a digit.
func looksNegative(s string) bool {
	return len(s) > 1 && s[0] == '-' && s[1] >= '0' && s[1] <= '9'
}

// valueProblem says why value does not suit the option fl, by the type the option holds.
func valueProblem(fl *flag.Flag, value string, err error) string {
	g, _ := fl.Value.(flag.Getter)
	var v any
	if g != nil {
		v = g.Get()
	}
	switch v.(type) {
	case int, int64, uint, uint64:
		if _, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64); errors.Is(perr, strconv.ErrRange) || err.Error() == "value out of range" {
			return "--" + fl.Name + " : « " + shown(value) + " » est un nombre bien trop grand"
		}
		return "--" + fl.Name + " : « " + shown(value) + " » n'est pas un nombre entier (par exemple --" + fl.Name + " 10)"
	case float64:
		return "--" + fl.Name + " : « " + shown(value) + " » n'est pas un nombre (par exemple --" + fl.Name + " 2,5)"
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return "--" + fl.Name + " : " + de.Message
	}
	return "--" + fl.Name + " : « " + shown(value) + " » ne convient pas"
}

// known lists the command's options, for the message about an unknown one.
func (f *flagSet) known() string {
	var names []string
	f.VisitAll(func(fl *flag.Flag) { names = append(names, "--"+fl.Name) })
	if len(names) == 0 {
		return "cette commande n'a pas d'option ; passnum help donne l'aide"
	}
	sort.Strings(names)
	return "options de cette commande : " + strings.Join(names, ", ") + " ; passnum help donne l'aide"
}

func (f *flagSet) fail(format string, args ...any) error {
	return domain.Errorf(domain.KindInvalid, "passnum %s : "+format, append([]any{f.Name()}, args...)...)
}

// parseWith reads flags and exactly the named positional arguments, in one call.
func (f *flagSet) parseWith(args []string, names ...string) ([]string, error) {
	if err := f.parse(args); err != nil {
		return nil, err
	}
	return f.positional(names...)
}

// positional returns exactly n positional arguments or a usage error naming what is missing.
func (f *flagSet) positional(names ...string) ([]string, error) {
	if len(f.args) < len(names) {
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : il manque %s", f.Name(), strings.Join(names[len(f.args):], ", "))
	}
	if len(f.args) > len(names) {
		extra := f.args[len(names):]
		if len(names) == 0 {
			return nil, domain.Errorf(domain.KindInvalid, "passnum %s ne prend pas d'argument : « %s » est en trop (passnum help donne l'aide)", f.Name(), shown(strings.Join(extra, " ")))
		}
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : argument en trop : « %s » (mettez les textes avec espaces entre guillemets)", f.Name(), shown(strings.Join(extra, " ")))
	}
	return f.args, nil
}

// shownMax is how many characters of a value a message repeats.
const shownMax = 60

// shown is a value as a message repeats it: control characters written as escapes (a terminal
// must not obey what was typed), and a long value cut with its length said.
func shown(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == shownMax {
			b.WriteString("… (" + domain.Grouped(int64(len([]rune(s)))) + " caractères)")
			break
		}
		n++
		switch {
		case r == unicode.ReplacementChar:
			b.WriteString("\\uFFFD")
		case domain.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// optBool is a boolean flag that remembers whether it was given (--pmr, --pmr=false).
type optBool struct{ set, v bool }

func (o *optBool) String() string   { return "" }
func (o *optBool) IsBoolFlag() bool { return true }
func (o *optBool) Set(s string) error {
	switch strings.ToLower(s) {
	case "true", "oui", "1", "":
		o.v = true
	case "false", "non", "0":
		o.v = false
	default:
		return domain.Errorf(domain.KindInvalid, "%q n'est pas oui/non", s)
	}
	o.set = true
	return nil
}

func (o *optBool) ptr() *bool {
	if !o.set {
		return nil
	}
	return &o.v
}

// optString is a string flag that remembers whether it was given (--levels "").
type optString struct {
	set bool
	v   string
}

func (o *optString) String() string { return o.v }
func (o *optString) Set(s string) error {
	o.v, o.set = s, true
	return nil
}
