package domain

import "fmt"

// Plural writes a count with its noun, French style: 0 and 1 take the singular
// (« 0 carnet », « 1 carnet », « 2 carnets »).
func Plural(n int, one, many string) string {
	if n > 1 || n < -1 {
		return fmt.Sprintf("%d %s", n, many)
	}
	return fmt.Sprintf("%d %s", n, one)
}

// RoundEuros writes an amount the way a letter or a desk says it: « 50 € », and « 12,50 € » only
// when there are cents.
func RoundEuros(cents int64) string {
	if cents%100 == 0 {
		return fmt.Sprintf("%d €", cents/100)
	}
	return Euros(cents)
}
