enum PlazaServerPlaceholder {}
