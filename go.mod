module passnum

go 1.26.0

require (
	github.com/mattn/go-sqlite3 v1.14.53
	golang.org/x/text v0.43.0
)

require github.com/BurntSushi/toml v1.6.0
