package main

import (
	"io"
	"os"

	"passnum/domain"
)

// openInput opens a file a command reads; "-" is the standard input. Over SSH the server's files
// are not the user's (and must not become readable through passnum): only "-" is accepted, so
// « ssh … places import - < lieux.csv » sends the file with the command.
func (a *app) openInput(option, path string) (io.ReadCloser, error) {
	if path == "-" {
		if a.stdin == nil {
			return io.NopCloser(os.Stdin), nil
		}
		return io.NopCloser(a.stdin), nil
	}
	if a.remote {
		return nil, domain.Errorf(domain.KindInvalid, "%s : à travers SSH, envoyez le fichier sur l'entrée standard avec « - », ex. ssh … places import - < lieux.csv", option)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, domain.Errorf(domain.KindInvalid, "%s : impossible d'ouvrir %s (%v)", option, path, err)
	}
	return f, nil
}
