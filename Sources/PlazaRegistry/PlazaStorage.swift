import PlazaCatalog

/// Everything Plaza stores, as the repository protocols a store implements: what the server is
/// given (`PlazaServices(configuration:store:…)`) and what the store contract suite checks.
///
/// Declared here, the lowest module that sees every protocol (the registry's are in this module,
/// the catalog's in PlazaCatalog), so that store implementations, the server and the contract
/// suite name one composition.
public typealias PlazaStorage = MarketplaceRepository & CatalogRepository & TokenRepository & AuditRepository
    & InstallationRepository & RegistryRepository & RegistrySettingsRepository
