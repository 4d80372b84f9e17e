//! Tests of the requirement cues, on phrasings of the fixtures and on others.

use super::*;

#[test]
fn bidder_obligations_are_requirements() {
    for s in [
        "Le titulaire doit exécuter les prestations.",
        "Le titulaire s'engage à informer sans délai la collectivité.",
        "Le titulaire fournit une infrastructure redondée.",
        "Pour les équipements sous garantie, le titulaire assure l'interface avec le constructeur.",
        "Chaque intervenant du titulaire signe la charte informatique.",
        "Les déplacements sont à la charge du titulaire.",
        "Les plis sont transmis par voie électronique exclusivement.",
        "Une enquête de satisfaction est adressée par le titulaire à l'utilisateur.",
        "Les variantes ne sont pas autorisées.",
        "Le titulaire ne peut refuser la reconduction.",
        "Il est interdit aux candidats de présenter plusieurs offres.",
        "Son offre comprend l'acte d'engagement et un mémoire technique.",
        "The Supplier shall resolve Priority 1 incidents within four (4) hours.",
    ] {
        assert_eq!(judge(s), Some(Strength::Mandatory), "{s}");
    }
}

#[test]
fn wishes_are_desirable() {
    for s in [
        "Un taux de satisfaction supérieur à 90 % est souhaité.",
        "La qualification SecNumCloud n'est pas exigée ; elle sera toutefois appréciée.",
        "Le cas échéant, le titulaire propose un outil de télédistribution.",
        "Idéalement, les indicateurs sont consultables en temps réel.",
        "The Contractor should hold an ISO/IEC 27001 certification.",
    ] {
        assert_eq!(judge(s), Some(Strength::Desirable), "{s}");
    }
}

#[test]
fn buyer_permissions_facts_and_evaluation_are_not() {
    for s in [
        "La collectivité doit faire face à une hausse de 12 % de ses effectifs.",
        "Par le présent accord-cadre, la collectivité souhaite améliorer la qualité du service.",
        "Le titulaire peut proposer toute évolution.",
        "Le candidat peut transmettre une copie de sauvegarde.",
        "La signature électronique n'est pas exigée au stade du dépôt de l'offre.",
        "La valeur technique est appréciée au vu du mémoire technique.",
        "Conformément à la procédure d'appel d'offres, aucune négociation n'est autorisée.",
        "Le remboursement de l'avance commence à 65 % ; il doit être terminé à 80 %.",
        "En cas de résiliation, le titulaire ne perçoit aucune indemnité.",
        "Le support de niveau 1 est assuré par l'actuel prestataire.",
        "Les exigences que ce prestataire impose s'appliquent au titulaire.",
        "Une attestation de visite est remise à chaque candidat.",
        "The Council will provide on-site desk space for up to two engineers.",
        "Les délais sont décomptés en heures ouvrées.",
    ] {
        assert_eq!(judge(s), None, "{s}");
    }
}

#[test]
fn other_phrasings_of_procurement_language() {
    for s in [
        "Le titulaire veillera à la continuité du service.",
        "Le titulaire a l'obligation de conserver les données.",
        "Il appartient au titulaire de vérifier les installations.",
        "Le prestataire met en œuvre une supervision permanente.",
        "Le candidat précisera les moyens affectés.",
        "Le titulaire se conforme aux normes en vigueur.",
        "Le titulaire est responsable de la sécurité de ses agents.",
        "Une expérience de trois ans est exigée.",
        "Le respect des délais est impératif.",
        "Les livrables sont remis en version électronique.",
        "The Supplier will provide a named account manager.",
        "The Contractor will be required to attend monthly meetings.",
    ] {
        assert_eq!(judge(s), Some(Strength::Mandatory), "{s}");
    }
    for s in [
        "Les candidats sont invités à joindre des références.",
        "Une certification ISO 14001 serait appréciée.",
    ] {
        assert_eq!(judge(s), Some(Strength::Desirable), "{s}");
    }
    for s in [
        "Le titulaire du marché est désigné à l'issue de la consultation.",
        "Le candidat retenu sera informé par courrier.",
        "Le titulaire actuel assure le support depuis 2019.",
        "L'acheteur peut demander au titulaire de justifier ses prix.",
        "Le pouvoir adjudicateur fournira au titulaire les badges d'accès.",
        "Les frais de publicité sont à la charge de l'acheteur.",
        "Tout retard donne lieu à l'application de pénalités.",
        "The SOC provider will share its feed with the Contractor.",
    ] {
        assert_eq!(judge(s), None, "{s}");
    }
    assert_eq!(
        lead("La fourniture comprendra :"),
        Lead::Obligation(Strength::Mandatory)
    );
    assert_eq!(
        lead("Le candidat fournira à l'appui de son offre :"),
        Lead::Obligation(Strength::Mandatory)
    );
}

#[test]
fn lead_ins() {
    assert_eq!(
        lead("Le titulaire fournit notamment :"),
        Lead::Obligation(Strength::Mandatory)
    );
    assert_eq!(
        lead("À ce titre, le titulaire :"),
        Lead::Obligation(Strength::Mandatory)
    );
    assert_eq!(
        lead("Au cours de cette phase, les prestations comprennent :"),
        Lead::Obligation(Strength::Mandatory)
    );
    assert_eq!(
        lead("Le socle minimal des SLA est le suivant :"),
        Lead::Obligation(Strength::Mandatory)
    );
    assert_eq!(
        lead("Les prestations suivantes seraient appréciées :"),
        Lead::Obligation(Strength::Desirable)
    );
    assert_eq!(lead("La collectivité s'engage à :"), Lead::Buyer);
    assert_eq!(
        lead("Le dossier de consultation des entreprises (DCE) comprend les pièces suivantes :"),
        Lead::Neutral
    );
    assert_eq!(
        lead("Les articles du présent CCAP qui dérogent au CCAG-TIC sont les suivants :"),
        Lead::Neutral
    );
    assert_eq!(
        lead("L'accord-cadre est décomposé en deux lots :"),
        Lead::Neutral
    );
    assert_eq!(
        lead("Au sens du présent CCTP, on entend par :"),
        Lead::Neutral
    );
}

#[test]
fn words_split_elisions() {
    assert_eq!(
        words("L’attributaire s'engage à l'avance."),
        vec![
            "l'",
            "attributaire",
            "s'",
            "engage",
            "à",
            "l'",
            "avance",
            "."
        ]
    );
    assert!(
        verb_like("fournit")
            && verb_like("transmettent")
            && !verb_like("sortant")
            && !verb_like("retenu")
            && !verb_like("notamment")
    );
}

#[test]
fn the_same_verb_binds_the_bidder_but_not_the_buyer() {
    for (s, want) in [
        (
            "Le titulaire s'engage à fournir les badges.",
            Some(Strength::Mandatory),
        ),
        ("La collectivité s'engage à fournir les badges.", None),
        (
            "Par ailleurs, le pouvoir adjudicateur doit valider le plan.",
            None,
        ),
        (
            "Le plan doit être validé par le pouvoir adjudicateur.",
            Some(Strength::Mandatory),
        ),
        (
            "La collectivité exige que le titulaire fournisse un plan.",
            Some(Strength::Mandatory),
        ),
        ("The Council shall publish the results.", None),
        (
            "The Supplier shall publish the results.",
            Some(Strength::Mandatory),
        ),
    ] {
        assert_eq!(judge(s), want, "{s}");
    }
}
