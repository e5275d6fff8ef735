package domain

import (
	"strings"
	"testing"
	"time"
)

func lookupIn(m map[string]string) func(string) string {
	return func(id string) string { return m[id] }
}

// Every action the store writes (grep « audit(tx » in store/*.go), with its texts as written,
// reads as a French sentence naming people, places and prescribers, never their ids.
func TestHistoryLineWordsEveryAuditAction(t *testing.T) {
	names := HistoryNames{
		User:       lookupIn(map[string]string{"accueil-brassens": "Accueil du centre social Georges Brassens"}),
		Person:     lookupIn(map[string]string{"11": "Inès HADDAD", "12": "Yasmine DIALLO"}),
		Place:      lookupIn(map[string]string{"pimms-creil": "PIMMS de Creil"}),
		Prescriber: lookupIn(map[string]string{"centre-social-gb": "Centre social Georges Brassens", "mairie": "Mairie de Creil"}),
		Public:     lookupIn(map[string]string{"jeune": "jeunes de 16 à 25 ans"}),
	}
	at := time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC)
	for _, c := range []struct {
		e    AuditEntry
		want string
	}{
		{AuditEntry{Action: "carnet.issue", User: "accueil-brassens", Detail: "personne 11, public jeune, avec l'accompagnement d'un conseiller"},
			"01/12/2026 14:03 — remis à Inès HADDAD, public « jeunes de 16 à 25 ans », avec l'accompagnement d'un conseiller par Accueil du centre social Georges Brassens"},
		{AuditEntry{Action: "carnet.issue", Detail: "personne 40, public autre"}, "01/12/2026 14:03 — remis à la personne de la fiche n°40"},
		{AuditEntry{Action: "carnet.issue"}, "01/12/2026 14:03 — remis"},
		{AuditEntry{Action: "carnet.unissue", Detail: "remise à la personne n°11 annulée le jour même, carnet revenu dans le stock du prescripteur : erreur de personne"},
			"01/12/2026 14:03 — remise à Inès HADDAD annulée le jour même : erreur de personne"},
		{AuditEntry{Action: "carnet.unissue", Detail: "remise à la personne n°99 annulée le jour même, carnet revenu dans le stock du prescripteur : erreur de personne"},
			"01/12/2026 14:03 — remise annulée le jour même : erreur de personne"},
		{AuditEntry{Action: "carnet.receive", Detail: "50 carnets, du 600001 au 600050"}, "01/12/2026 14:03 — carnets reçus : 50 carnets, du 600001 au 600050"},
		{AuditEntry{Action: "carnet.allocate", Detail: "prescripteur centre-social-gb"}, "01/12/2026 14:03 — attribué à Centre social Georges Brassens"},
		{AuditEntry{Action: "carnet.allocate", Detail: "prescripteur mairie, clé de répartition : part fixe 2 + part variable 3 (poids 1)"},
			"01/12/2026 14:03 — attribué à Mairie de Creil (clé de répartition : part fixe 2 + part variable 3 (poids 1))"},
		{AuditEntry{Action: "carnet.void", Detail: "carnet perdu"}, "01/12/2026 14:03 — carnet annulé : carnet perdu"},
		{AuditEntry{Action: "carnet.void", User: "accueil-brassens", Detail: "carnet perdu"},
			"01/12/2026 14:03 — carnet annulé par Accueil du centre social Georges Brassens : carnet perdu"},
		{AuditEntry{Action: "carnet.allocate", User: "accueil-brassens", Detail: "prescripteur mairie, clé de répartition : part fixe 2 + part variable 3 (poids 1)"},
			"01/12/2026 14:03 — attribué à Mairie de Creil (clé de répartition : part fixe 2 + part variable 3 (poids 1)) par Accueil du centre social Georges Brassens"},
		{AuditEntry{Action: "person.anonymise", User: "accueil-brassens", Detail: "fiche anonymisée ; motif : demande"},
			"01/12/2026 14:03 — fiche anonymisée par Accueil du centre social Georges Brassens ; motif : demande"},
		{AuditEntry{Action: "carnet.transfer", Detail: "de mairie à centre-social-gb : rééquilibrage"},
			"01/12/2026 14:03 — transféré de Mairie de Creil à Centre social Georges Brassens : rééquilibrage"},
		{AuditEntry{Action: "carnet.return", Detail: "de mairie au stock central : fin de partenariat"},
			"01/12/2026 14:03 — rendu par Mairie de Creil au stock central : fin de partenariat"},
		{AuditEntry{Action: "cheque.redeem", Detail: "lieu pimms-creil, séance S3"}, "01/12/2026 14:03 — chèque utilisé à PIMMS de Creil (séance S3)"},
		{AuditEntry{Action: "cheque.import", Detail: "lieu pimms-creil, séance S3 ; utilisé le 05/03/2026, import fichier suivi.csv, ligne 7"},
			"01/12/2026 14:03 — chèque utilisé le 05/03/2026 à PIMMS de Creil (séance S3), importé : import fichier suivi.csv, ligne 7"},
		{AuditEntry{Action: "cheque.cancel", Detail: "encaissement du 01/12/2026 10:00 à pimms-creil (séance S3) annulé : mauvais chèque"},
			"01/12/2026 14:03 — utilisation du 01/12/2026 10:00 à PIMMS de Creil (séance S3) annulée : mauvais chèque"},
		{AuditEntry{Action: "cheque.cancel", Detail: "encaissement du 01/12/2026 10:00 à inconnu annulé : doublon"},
			"01/12/2026 14:03 — utilisation du 01/12/2026 10:00 à un lieu du programme annulée : doublon"},
		{AuditEntry{Action: "cheque.claim", Detail: "demande R-2026-12-pimms"}, "01/12/2026 14:03 — compté dans la demande de remboursement R-2026-12-pimms"},
		{AuditEntry{Action: "cheque.reimburse", Detail: "demande R1"}, "01/12/2026 14:03 — remboursé (demande de remboursement R1)"},
		{AuditEntry{Action: "claim.prepare", Detail: "pimms-creil, novembre 2026 : 3 chèque(s), 3000 centimes"},
			"01/12/2026 14:03 — demande de remboursement préparée pour PIMMS de Creil, novembre 2026 : 3 chèques, " + Euros(3000)},
		{AuditEntry{Action: "claim.paid", Detail: "1000 centimes"}, "01/12/2026 14:03 — demande payée : " + Euros(1000)},
		{AuditEntry{Action: "programme.close", Detail: "1 chèque(s) non utilisé(s), avoir 10,00 €, 2 demande(s) de remboursement ouverte(s) (20,00 €)"},
			"01/12/2026 14:03 — programme clos : 1 chèque non utilisé, avoir 10,00 €, 2 demandes de remboursement ouvertes (20,00 €)"},
		{AuditEntry{Action: "programme.extend", Before: "2026-12-31", After: "2027-06-30", Detail: "motif : retard"},
			"01/12/2026 14:03 — programme prolongé du 31/12/2026 au 30/06/2027 : retard"},
		{AuditEntry{Action: "diagnostic.save", After: string(LevelBeginner), Detail: "diagnostic n°4"}, "01/12/2026 14:03 — diagnostic enregistré, profil débutant"},
		{AuditEntry{Action: "diagnostic.save", Detail: "diagnostic n°4"}, "01/12/2026 14:03 — diagnostic enregistré (incomplet)"},
		{AuditEntry{Action: "person.add", After: "Inès HADDAD"}, "01/12/2026 14:03 — fiche créée"},
		{AuditEntry{Action: "person.update"}, "01/12/2026 14:03 — fiche corrigée"},
		{AuditEntry{Action: "person.household", Detail: "foyer créé pour y rattacher Inès HADDAD"}, "01/12/2026 14:03 — foyer créé pour y rattacher Inès HADDAD"},
		{AuditEntry{Action: "person.merge", Detail: "fiche n°12 (Yasmine DIALLO) fusionnée : 1 carnet(s) déplacés ; motif : doublon"},
			"01/12/2026 14:03 — fusion de fiches : fiche n°12 (Yasmine DIALLO) fusionnée : 1 carnet déplacés ; motif : doublon"},
		{AuditEntry{Action: "person.not_duplicate", Detail: "pas la même personne que 12, 13"}, "01/12/2026 14:03 — pas la même personne que Yasmine DIALLO, la fiche n°13"},
		{AuditEntry{Action: "person.orient", After: "pimms-creil", Detail: "vers PIMMS de Creil (note au dossier)"}, "01/12/2026 14:03 — orientation vers PIMMS de Creil (note au dossier)"},
		{AuditEntry{Action: "person.unorient", Before: "pimms-creil", Detail: "orientation vers PIMMS de Creil retirée (motif au dossier)"}, "01/12/2026 14:03 — orientation vers PIMMS de Creil retirée (motif au dossier)"},
		{AuditEntry{Action: "person.anonymise", Detail: "fiche anonymisée ; motif : demande"}, "01/12/2026 14:03 — fiche anonymisée ; motif : demande"},
		{AuditEntry{Action: "person.read", User: "accueil-brassens", After: "lookup", Detail: "local"},
			"01/12/2026 14:03 — fiche consultée (recherche rapide) sur ce poste par Accueil du centre social Georges Brassens"},
		{AuditEntry{Action: "person.read", After: "fiche", Detail: "ssh SHA256:abc"}, "01/12/2026 14:03 — fiche consultée à distance (SSH)"},
		{AuditEntry{Action: "place.add", After: "PIMMS", Detail: "import"}, "01/12/2026 14:03 — lieu ajouté par l'import"},
		{AuditEntry{Action: "place.update", Detail: "import"}, "01/12/2026 14:03 — lieu mis à jour par l'import"},
		{AuditEntry{Action: "place.set"}, "01/12/2026 14:03 — lieu modifié"},
		{AuditEntry{Action: "session.create", Detail: "lieu pimms-creil"}, "01/12/2026 14:03 — séance créée"},
		{AuditEntry{Action: "session.create", Detail: "lieu pimms-creil, chèque 6000011 encaissé sans séance"},
			"01/12/2026 14:03 — accompagnement individuel créé pour le chèque 6000011"},
		{AuditEntry{Action: "session.edit", Before: "01/12/2026 10:00, 90 min, 1 place(s), x : Mail", After: "01/12/2026 10:00, 90 min, 8 place(s), x : Mail", Detail: "lieu pimms-creil"},
			"01/12/2026 14:03 — séance modifiée : 01/12/2026 10:00, 90 min, 1 place, x : Mail → 01/12/2026 10:00, 90 min, 8 places, x : Mail"},
		{AuditEntry{Action: "session.close", Detail: "3 ligne(s), 1 refus"}, "01/12/2026 14:03 — séance clôturée : 3 lignes, 1 refus"},
		{AuditEntry{Action: "session.attend", After: "Inès HADDAD", Detail: "personne 11"}, "01/12/2026 14:03 — Inès HADDAD inscrit sur la feuille"},
		{AuditEntry{Action: "session.attend", After: "participant n°4", Detail: "chèque 6000012"}, "01/12/2026 14:03 — un participant inscrit sur la feuille (chèque 6000012)"},
		{AuditEntry{Action: "session.attend", After: "participant anonyme n°5"}, "01/12/2026 14:03 — un participant anonyme inscrit sur la feuille"},
		{AuditEntry{Action: "session.attend", Before: "chèque 1", After: "chèque 2", Detail: "Inès HADDAD : chèque refusé remplacé"},
			"01/12/2026 14:03 — chèque refusé remplacé pour Inès HADDAD (1 → 2)"},
		{AuditEntry{Action: "session.presence", Before: "absent", After: "présent", Detail: "Inès HADDAD"}, "01/12/2026 14:03 — Inès HADDAD noté présent (était absent)"},
		{AuditEntry{Action: "session.follow_up", After: "autonome", Detail: "séance S3 : à l'aise (Pix 2)"},
			"01/12/2026 14:03 — suivi après la séance S3, autonomie « autonome » : à l'aise (Pix 2)"},
		{AuditEntry{Action: "ssh.start", User: "accueil-brassens", Detail: "depuis 10.0.0.1:22"}, "01/12/2026 14:03 — connexion SSH depuis 10.0.0.1:22"},
		{AuditEntry{Action: "ssh.end", Detail: "depuis 10.0.0.1:22 — code 0"}, "01/12/2026 14:03 — fin de connexion SSH depuis 10.0.0.1:22 — code 0"},
		{AuditEntry{Action: "ssh.refused", Detail: "depuis 10.0.0.1:22"}, "01/12/2026 14:03 — connexion SSH refusée depuis 10.0.0.1:22"},
		{AuditEntry{Action: "something.new", Detail: "texte"}, "01/12/2026 14:03 — opération enregistrée : texte"},
	} {
		c.e.At = at
		if got := HistoryLine(c.e, names); got != c.want {
			t.Errorf("%s %q:\n got  %s\n want %s", c.e.Action, c.e.Detail, got, c.want)
		}
		for _, code := range []string{c.e.Action, "pimms-creil", "centre-social-gb", "accueil-brassens", "personne 11", "(s)"} {
			if c.e.Action != "something.new" && strings.Contains(HistoryLine(c.e, names), code) {
				t.Errorf("%s: %q shows %q", c.e.Action, HistoryLine(c.e, names), code)
			}
		}
	}
}

func TestHistoryPersonIDs(t *testing.T) {
	got := HistoryPersonIDs([]AuditEntry{
		{Action: "carnet.issue", Detail: "personne 11, public jeune"},
		{Action: "carnet.unissue", Detail: "remise à la personne n°11 annulée le jour même, carnet revenu dans le stock du prescripteur : x"},
		{Action: "person.not_duplicate", Detail: "pas la même personne que 12, 13"},
		{Action: "carnet.issue"},
	})
	if strings.Join(got, ",") != "11,12,13" {
		t.Fatalf("got %v", got)
	}
}

func TestHistoryPlaceIDs(t *testing.T) {
	got := HistoryPlaceIDs([]AuditEntry{
		{Action: "cheque.redeem", Detail: "lieu a, séance S1"},
		{Action: "cheque.cancel", Detail: "encaissement du 01/12/2026 10:00 à b annulé : x"},
		{Action: "claim.prepare", Detail: "c, novembre 2026 : 1 chèque(s), 10 centimes"},
		{Action: "cheque.import", Detail: "lieu d, séance S4 ; utilisé le 05/03/2026, import fichier f.csv, ligne 2"},
		{Action: "cheque.redeem", Detail: "lieu a, séance S2"},
		{Action: "person.add"},
	})
	if strings.Join(got, ",") != "a,b,c,d" {
		t.Fatalf("got %v", got)
	}
}
