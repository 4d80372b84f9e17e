//! French names of the codes the facts use (procedures, contract forms, price forms).

/// French names of the codes facts use.
pub fn code_label(code: &str) -> &str {
    match code {
        "appel_offres_ouvert" | "open" => "Appel d'offres ouvert",
        "appel_offres_restreint" | "restricted" => "Appel d'offres restreint",
        "procedure_adaptee" => "Procédure adaptée (MAPA)",
        "procedure_avec_negociation" | "competitive_with_negotiation" => {
            "Procédure avec négociation"
        }
        "competitive_flexible" => "Procédure concurrentielle flexible",
        "dialogue_competitif" | "competitive_dialogue" => "Dialogue compétitif",
        "negocie_sans_publicite" => "Marché négocié sans publicité ni mise en concurrence",
        "accord_cadre" => "Accord-cadre",
        "accord_cadre_bons_de_commande" => "Accord-cadre à bons de commande",
        "accord_cadre_marches_subsequents" => "Accord-cadre à marchés subséquents",
        "accord_cadre_mixte" => "Accord-cadre mixte (bons de commande et marchés subséquents)",
        "forfaitaire" => "Prix forfaitaires",
        "unitaire" => "Prix unitaires",
        "mixte" => "Prix forfaitaires et unitaires",
        other => other,
    }
}
