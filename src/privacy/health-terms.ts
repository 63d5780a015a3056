/**
 * Health vocabulary for `detect-health`, written for this project: conditions, medications, procedures
 * and diagnosis words that say something about a person's health. Lower case, comma-separated.
 * Deliberately specific: words with a common non-medical sense ("aids", "stroke", "depressing", "cold")
 * are left out.
 */
const TERMS = `
diabetes, diabetic, asthma, asthmatic, cancer, tumor, tumour, leukemia, leukaemia, lymphoma, melanoma,
carcinoma, chemotherapy, chemo, radiotherapy, hiv, hiv-positive, hepatitis, tuberculosis, covid, covid-19,
coronavirus, influenza, pneumonia, bronchitis, arthritis, osteoporosis, alzheimer, alzheimer's, alzheimers,
dementia, parkinson's, parkinsons, epilepsy, epileptic, seizure, seizures, migraine, migraines, headaches,
hypertension, hypotension, high blood pressure, low blood pressure, high cholesterol, heart attack,
heart disease, heart failure, kidney disease, kidney failure, liver disease, cirrhosis, obesity, anorexia,
bulimia, eating disorder, schizophrenia, schizophrenic, bipolar, adhd, autism, autistic, ptsd, ocd,
anxiety disorder, panic attack, panic attacks, depression, clinical depression, insomnia, sleep apnea,
sleep apnoea, allergy, allergies, allergic, anaphylaxis, eczema, psoriasis, lupus, crohn's, crohns, colitis,
celiac, coeliac, std, stds, herpes, chlamydia, gonorrhea, syphilis, pregnant, pregnancy, miscarriage,
infertility, ivf, dialysis, multiple sclerosis, cystic fibrosis, cerebral palsy, muscular dystrophy,
disability, disabled, concussion, fracture, fractured, broken leg, broken arm, chronic pain, back pain,
chest pain, stomach pain, abdominal pain, infection, sepsis, thyroid, hypothyroidism, hyperthyroidism,
anemia, anaemia, hemophilia, addiction, alcoholism, overdose, rehab, suicidal, self-harm, insulin, metformin,
lisinopril, atorvastatin, simvastatin, statins, amoxicillin, antibiotics, antibiotic, ibuprofen, paracetamol,
acetaminophen, prozac, fluoxetine, sertraline, zoloft, citalopram, xanax, alprazolam, valium, diazepam,
adderall, ritalin, methotrexate, warfarin, levothyroxine, omeprazole, albuterol, inhaler, antidepressant,
antidepressants, opioid, opioids, oxycodone, morphine, hydrocodone, gabapentin, prednisone, epipen,
antiretroviral, methadone, lithium, chemotherapy drugs, diagnosis, diagnosed, misdiagnosed, prognosis,
prescription, prescribed, medication, medications, symptoms, patient, surgery, operation on my, transplant,
biopsy, mri, ct scan, blood test, hospitalized, hospitalised, in hospital, icu, physiotherapy, psychiatrist,
therapist, oncologist, cardiologist, medical condition, medical history, mental health, sick leave,
history of
`;

/** Lower-case terms (single words and phrases). */
export const HEALTH_TERMS: readonly string[] = TERMS.split(',')
  .map((t) => t.trim())
  .filter((t) => t.length > 0);
