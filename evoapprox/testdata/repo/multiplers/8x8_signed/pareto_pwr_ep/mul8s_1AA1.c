// synthetic C model, ignored by the catalogue
