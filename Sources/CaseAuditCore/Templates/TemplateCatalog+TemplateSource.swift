/// Import, export, summary and demo take any `TemplateSource`; the catalog is the one read from disk.
extension TemplateCatalog: TemplateSource {}
