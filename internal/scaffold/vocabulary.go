package scaffold

// term is one entry of a default vocabulary.
type term struct {
	slug, name, plural, description string
	keywords                        []string // words residents type that the name lacks
	stage                           string   // statuses only: project, active, done or closed
}

// types are the kinds of initiatives that the networks of communes present most
// often, in the words of the ESS: a network renames, removes or adds them in
// site.toml.
var types = []term{
	{slug: "epicerie-solidaire", name: "Épicerie sociale et solidaire", plural: "Épiceries sociales et solidaires",
		description: "Des produits à petit prix pour les personnes qui en ont besoin, ou achetés en commun.",
		keywords:    []string{"épicerie sociale", "courses", "colis", "petit prix"}},
	{slug: "aide-alimentaire", name: "Collecte et distribution alimentaire", plural: "Collectes et distributions alimentaires",
		description: "Banque alimentaire, collecte de denrées, distribution de repas et de colis alimentaires.",
		keywords:    []string{"banque alimentaire", "repas", "colis", "restos du cœur", "denrées"}},
	{slug: "circuit-court", name: "Circuit court", plural: "Circuits courts",
		description: "AMAP, marché de producteurs et autres ventes directes des producteurs aux habitants.",
		keywords:    []string{"amap", "panier", "producteur", "légumes", "local", "bio"}},
	{slug: "ressourcerie", name: "Ressourcerie ou recyclerie", plural: "Ressourceries et recycleries",
		description: "Collecte les objets dont on ne veut plus, les remet en état et les revend ; souvent un chantier d’insertion.",
		keywords:    []string{"recyclerie", "meuble", "objet", "encombrant", "seconde main", "occasion", "don"}},
	{slug: "boutique-solidaire", name: "Boutique solidaire", plural: "Boutiques et vestiaires solidaires",
		description: "Boutique, vestiaire ou dépôt de vêtements et d’objets donnés, remis à petit prix ou gratuitement.",
		keywords:    []string{"vêtement", "vestiaire", "friperie", "habits", "jouets"}},
	{slug: "atelier-reparation", name: "Atelier de réparation", plural: "Ateliers de réparation",
		description: "Repair café et atelier où l’on répare ensemble ses objets, appareils et vêtements.",
		keywords:    []string{"repair café", "réparer", "bricolage", "électroménager", "couture"}},
	{slug: "atelier-velo", name: "Atelier vélo", plural: "Ateliers vélo",
		description: "Atelier participatif où l’on apprend à réparer et entretenir son vélo.",
		keywords:    []string{"vélo", "bicyclette", "réparation", "cycle", "mobilité"}},
	{slug: "jardin-partage", name: "Jardin partagé", plural: "Jardins partagés",
		description: "Jardin cultivé en commun par des habitants : potager, compost, rencontres.",
		keywords:    []string{"potager", "jardinage", "compost", "jardin familial", "ferme urbaine"}},
	{slug: "tiers-lieu", name: "Tiers-lieu", plural: "Tiers-lieux",
		description: "Lieu de travail, d’échange et de vie partagé entre plusieurs acteurs, parfois temporaire.",
		keywords:    []string{"fablab", "friche", "lieu partagé", "occupation temporaire"}},
	{slug: "coworking", name: "Coworking", plural: "Coworkings",
		description: "Espace de travail partagé et de télétravail, loué à l’heure, au jour ou au mois.",
		keywords:    []string{"bureau", "télétravail", "espace de travail"}},
	{slug: "cafe-associatif", name: "Café associatif", plural: "Cafés associatifs",
		description: "Café associatif, participatif ou solidaire : un lieu convivial qui crée du lien social.",
		keywords:    []string{"café", "bar", "convivialité", "rencontre"}},
	{slug: "boite-a-livres", name: "Boîte à livres", plural: "Boîtes à livres",
		description: "Boîte ou étagère de livres en libre accès : on prend, on dépose.",
		keywords:    []string{"livre", "lecture", "bibliothèque", "échange"}},
	{slug: "inclusion-numerique", name: "Inclusion numérique", plural: "Lieux et actions d’inclusion numérique",
		description: "Apprendre l’informatique, accéder au matériel et être aidé dans ses démarches en ligne.",
		keywords:    []string{"informatique", "ordinateur", "internet", "démarches en ligne", "conseiller numérique"}},
	{slug: "insertion", name: "Structure d’insertion", plural: "Structures d’insertion par l’activité économique",
		description: "Chantier d’insertion, entreprise d’insertion, association intermédiaire : un emploi accompagné pour revenir vers le travail.",
		keywords:    []string{"siae", "chantier d’insertion", "entreprise d’insertion", "emploi", "travail"}},
	{slug: "cooperative", name: "Coopérative", plural: "Coopératives",
		description: "Entreprise que ses membres possèdent et dirigent ensemble : SCOP, SCIC, coopérative d’activité et d’emploi.",
		keywords:    []string{"scop", "scic", "cae", "coopérative d’activité"}},
	{slug: "habitat-solidaire", name: "Habitat participatif ou solidaire", plural: "Habitats participatifs et solidaires",
		description: "Habitat conçu et géré avec ses habitants, logement intergénérationnel ou d’insertion.",
		keywords:    []string{"logement", "habitat participatif", "colocation", "intergénérationnel"}},
	{slug: "finance-solidaire", name: "Finance solidaire et monnaie locale", plural: "Finance solidaire et monnaies locales",
		description: "Monnaie locale complémentaire, épargne solidaire, microcrédit, financement participatif.",
		keywords:    []string{"monnaie locale", "épargne", "microcrédit", "financement"}},
	{slug: "reseau-d-acteurs", name: "Réseau d’acteurs", plural: "Réseaux d’acteurs",
		description: "Réseau, pôle ou maison de l’ESS qui relie les acteurs d’un territoire et accompagne leurs projets.",
		keywords:    []string{"pôle", "maison de l’ess", "accompagnement", "incubateur", "ptce"}},
	{slug: "action-solidaire", name: "Autre action solidaire", plural: "Autres actions solidaires",
		description: "Une autre action d’entraide ou d’accompagnement, menée ou soutenue par une commune.",
		keywords:    []string{"entraide", "solidarité", "bénévolat"}},
}

// themes are the needs an initiative serves.
var themes = []term{
	{slug: "alimentation", name: "Alimentation", description: "Se nourrir : épiceries, distributions alimentaires, circuits courts.",
		keywords: []string{"manger", "nourriture", "repas", "courses"}},
	{slug: "reemploi", name: "Réemploi et recyclage", description: "Donner une seconde vie aux objets, aux vêtements et aux matériaux.",
		keywords: []string{"recycler", "réparer", "donner", "occasion", "déchets"}},
	{slug: "environnement", name: "Environnement", description: "Réduire ses déchets, jardiner en ville, préserver la nature et l’énergie.",
		keywords: []string{"écologie", "zéro déchet", "climat", "énergie", "nature"}},
	{slug: "mobilite", name: "Mobilité", description: "Se déplacer autrement, notamment à vélo.",
		keywords: []string{"transport", "vélo", "déplacement"}},
	{slug: "insertion-emploi", name: "Insertion et emploi", description: "Se former, retrouver un emploi, découvrir des métiers.",
		keywords: []string{"travail", "formation", "chômage", "métier"}},
	{slug: "solidarite", name: "Solidarité", description: "Venir en aide aux personnes les plus fragiles.",
		keywords: []string{"aide", "précarité", "pauvreté", "entraide"}},
	{slug: "lien-social", name: "Lien social", description: "Se rencontrer, s’entraider, vivre ensemble dans son quartier.",
		keywords: []string{"rencontre", "quartier", "convivialité", "voisins"}},
	{slug: "numerique", name: "Numérique", description: "Accéder à l’informatique et aux outils numériques.",
		keywords: []string{"informatique", "internet", "ordinateur"}},
	{slug: "logement", name: "Logement", description: "Se loger, habiter autrement.",
		keywords: []string{"habitat", "hébergement", "loger"}},
	{slug: "culture", name: "Culture et loisirs", description: "Livres partagés, lieux culturels, pratiques artistiques et sportives.",
		keywords: []string{"lecture", "livre", "art", "sport", "loisir"}},
	{slug: "jeunesse", name: "Enfance et jeunesse", description: "Les enfants, les jeunes et les étudiants.",
		keywords: []string{"enfant", "jeune", "étudiant", "école"}},
	{slug: "aines", name: "Aînés", description: "Les personnes âgées et les services qui leur sont destinés.",
		keywords: []string{"senior", "personnes âgées", "retraité"}},
	{slug: "entrepreneuriat", name: "Entreprendre autrement", description: "Créer et développer une activité dans l’ESS : espaces de travail, accompagnement, coopératives.",
		keywords: []string{"entreprise", "créer", "projet", "accompagnement"}},
}

// statuses are the life cycle of an initiative, in order.
var statuses = []term{
	{slug: "etude", name: "À l’étude", stage: "project"},
	{slug: "projet", name: "En projet", stage: "project"},
	{slug: "ouvert", name: "En activité", stage: "active"},
	{slug: "realise", name: "Réalisé", stage: "done"},
	{slug: "ferme", name: "Fermé", stage: "closed"},
}
